// The snapshot schema is a contract shared with the dashboard, so it lives in @switchyard/shared.
export { BREAKER_STATES, breakerSnapshotSchema, type BreakerSnapshot, type BreakerState } from "@switchyard/shared";

/** Run-time settings (key → JSON value); absent keys take the caller's default. */
export interface SettingsRepo {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

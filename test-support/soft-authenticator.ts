import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type { PasskeyAuthenticationResponse, PasskeyCreationOptions, PasskeyRegistrationResponse, PasskeyRequestOptions } from "@switchyard/shared";
import { encodeCbor } from "./cbor.js";

/** Authenticator data flags (WebAuthn §6.1). */
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

interface Credential {
  id: Uint8Array;
  privateKey: KeyObject;
  counter: number;
  rpId: string;
  userHandle: string;
}

/** What a test may bend in a ceremony, to see the server refuse it. */
export interface CeremonyOverrides {
  /** clientDataJSON's origin (default: the authenticator's). */
  origin?: string;
  /** The RP ID whose hash goes into authenticatorData (default: the options'). */
  rpId?: string;
  /** clientDataJSON's challenge (default: the options'). */
  challenge?: string;
  /** Leave out user presence (UP). */
  noUserPresence?: boolean;
  /** Leave out user verification (UV). */
  noUserVerification?: boolean;
}

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url");
const sha256 = (bytes: Uint8Array | string): Buffer => createHash("sha256").update(bytes).digest();

function u32(n: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function clientData(type: "webauthn.create" | "webauthn.get", challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), "utf8");
}

/**
 * A software passkey authenticator for server tests: P-256 keys from node:crypto, attestation
 * "none", and authenticator data and client data built as a browser and a platform authenticator
 * would, so @simplewebauthn/server checks them for real. Each credential keeps a signature counter
 * that goes up by one per assertion (a test may set it, to replay an older one).
 */
export class SoftAuthenticator {
  readonly credentials = new Map<string, Credential>();

  constructor(private readonly origin: string) {}

  register(options: PasskeyCreationOptions, overrides: CeremonyOverrides = {}): PasskeyRegistrationResponse {
    const rpId = overrides.rpId ?? options.rp.id ?? new URL(this.origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    if (!jwk.x || !jwk.y) throw new Error("no EC coordinates");
    const coseKey = encodeCbor(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x, "base64url")],
        [-3, Buffer.from(jwk.y, "base64url")],
      ]),
    );
    const id = randomBytes(16);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const authData = Buffer.concat([sha256(rpId), Buffer.from([this.flags(overrides) | AT]), u32(0), Buffer.alloc(16), idLength, id, coseKey]);
    const attestationObject = encodeCbor(
      new Map<string, string | Uint8Array | Map<string, string>>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    this.credentials.set(b64url(id), { id, privateKey, counter: 0, rpId, userHandle: options.user.id });
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientData("webauthn.create", overrides.challenge ?? options.challenge, overrides.origin ?? this.origin)),
        attestationObject: b64url(attestationObject),
        transports: ["internal"],
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }

  /** An assertion by `credentialId` (default: the first allowed credential this authenticator holds). */
  assert(options: PasskeyRequestOptions, overrides: CeremonyOverrides & { credentialId?: string } = {}): PasskeyAuthenticationResponse {
    const allowed = (options.allowCredentials ?? []).map((c) => c.id);
    const credentialId = overrides.credentialId ?? allowed.find((id) => this.credentials.has(id));
    const credential = credentialId ? this.credentials.get(credentialId) : undefined;
    if (!credentialId || !credential) throw new Error("this authenticator holds none of the allowed credentials");
    credential.counter += 1;
    const rpId = overrides.rpId ?? options.rpId ?? credential.rpId;
    const authData = Buffer.concat([sha256(rpId), Buffer.from([this.flags(overrides)]), u32(credential.counter)]);
    const clientDataJSON = clientData("webauthn.get", overrides.challenge ?? options.challenge, overrides.origin ?? this.origin);
    // ES256: an ASN.1 DER signature over authenticatorData ‖ sha256(clientDataJSON), as authenticators give it.
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
    return {
      id: credentialId,
      rawId: credentialId,
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }

  /** Sets a credential's counter (the next assertion signs counter + 1): an older counter replays a cloned key. */
  setCounter(credentialId: string, counter: number): void {
    const credential = this.credentials.get(credentialId);
    if (!credential) throw new Error(`no credential ${credentialId}`);
    credential.counter = counter;
  }

  private flags(overrides: CeremonyOverrides): number {
    return (overrides.noUserPresence ? 0 : UP) | (overrides.noUserVerification ? 0 : UV);
  }
}

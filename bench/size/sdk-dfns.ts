// The same call through Dfns' official SDK (@dfns/sdk), with a node:crypto key signer written
// here (the SDK's own key signer package pins an older SDK version).
import { createPrivateKey, sign } from 'node:crypto';
import { DfnsApiClient } from '@dfns/sdk';
import type { CredentialSigner, KeyAssertion, UserActionChallenge } from '@dfns/sdk';

const credId = process.env.DFNS_CRED_ID ?? '';
const key = createPrivateKey(process.env.DFNS_PRIVATE_KEY ?? '');
const signer: CredentialSigner<KeyAssertion> = {
  async sign(challenge: UserActionChallenge): Promise<KeyAssertion> {
    const clientData = Buffer.from(JSON.stringify({ type: 'key.get', challenge: challenge.challenge }));
    const signature = sign(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', clientData, key);
    return { kind: 'Key', credentialAssertion: { credId, clientData: clientData.toString('base64url'), signature: signature.toString('base64url') } };
  },
};
const dfns = new DfnsApiClient({ baseUrl: 'https://api.dfns.io', authToken: process.env.DFNS_TOKEN ?? '', signer });
dfns.auth.deactivateServiceAccount({ serviceAccountId: process.argv[2] ?? '', body: {} }).then((result) => console.log(result.userInfo.isActive));

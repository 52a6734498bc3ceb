// One call through our Dfns client: deactivate a service account, signing the user action.
import { createDfnsClient } from '@idlc/clients/dfns';

const dfns = createDfnsClient({
  token: process.env.DFNS_TOKEN ?? '',
  signer: { credId: process.env.DFNS_CRED_ID ?? '', privateKey: process.env.DFNS_PRIVATE_KEY ?? '' },
});
dfns.serviceAccounts.deactivate(process.argv[2] ?? '').then((result) => console.log(result.changed));

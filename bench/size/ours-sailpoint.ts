// One call through our SailPoint client: disable an account (client credentials from the environment).
import { createSailPointClient } from '@idlc/clients/sailpoint';

const isc = createSailPointClient({ tenant: process.env.ISC_TENANT ?? 'acme', clientId: process.env.ISC_CLIENT_ID ?? '', clientSecret: process.env.ISC_CLIENT_SECRET ?? '' });
isc.accounts.disable(process.argv[2] ?? '').then((result) => console.log(result.changed && result.taskId));

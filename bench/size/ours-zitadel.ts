// One call through our ZITADEL client: deactivate the user named on the command line.
import { createZitadelClient } from '@idlc/clients/zitadel';

const zitadel = createZitadelClient({ baseUrl: process.env.ZITADEL_URL ?? 'https://my-instance.zitadel.cloud', token: process.env.ZITADEL_TOKEN ?? '' });
zitadel.users.deactivate(process.argv[2] ?? '').then((result) => console.log(result.changed));

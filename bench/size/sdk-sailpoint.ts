// The same call through SailPoint's official SDK (sailpoint-api-client, v3 accounts API).
import { AccountsApi, Configuration } from 'sailpoint-api-client';

const baseurl = `https://${process.env.ISC_TENANT ?? 'acme'}.api.identitynow.com`;
const configuration = new Configuration({ baseurl, tokenUrl: `${baseurl}/oauth/token`, clientId: process.env.ISC_CLIENT_ID ?? '', clientSecret: process.env.ISC_CLIENT_SECRET ?? '' });
new AccountsApi(configuration).disableAccount({ id: process.argv[2] ?? '', accountToggleRequest: {} }).then((result) => console.log(result.data.id));

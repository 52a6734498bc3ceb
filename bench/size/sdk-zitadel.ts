// The same call through ZITADEL's official TypeScript client (@zitadel/client, Connect/gRPC).
import { createServerTransport } from '@zitadel/client/node';
import { createUserServiceClient } from '@zitadel/client/v2';

const transport = createServerTransport(process.env.ZITADEL_TOKEN ?? '', { baseUrl: process.env.ZITADEL_URL ?? 'https://my-instance.zitadel.cloud' });
const users = createUserServiceClient(transport);
users.deactivateUser({ userId: process.argv[2] ?? '' }).then((result) => console.log(result.details?.sequence));

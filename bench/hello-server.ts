import Fastify from 'fastify';

/**
 * The ceiling: a bare Fastify 5 hello-world, logger off, in its own process so it does not share
 * the event loop with the load generator. Prints `listening <port>` once ready.
 */
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

const port = Number(process.env.PORT ?? 0);
const address = await app.listen({ port, host: '127.0.0.1' });
console.log(`listening ${new URL(address).port}`);

const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

/**
 * GET /favicon.ico: walletgate's mark (the header's blue-to-violet square, 32×32, a PNG inside an ICO),
 * which every browser asks for on every page. Cached for a day.
 */
import type { FastifyPluginAsync } from 'fastify';

const FAVICON = Buffer.from(
  'AAABAAEAICAAAAEAIABXAgAAFgAAAIlQTkcNChoKAAAADUlIRFIAAAAgAAAAIAgGAAAAc3p69AAAAh5JREFUeNrF1+1OE0EUBuBzJ2o0Eo0Go9Gs0QitYEsLlFawpQWi0Wg0Go0Eg/FC5lZ6K/0v4GcRqApb8OWcZDaZbOLObDPZfZP5/ZzdnTmzh86sgc6u/qNzvM6vnNCFlZPgYudYjXWOe5faw/Bye4gry0NcXQ4x3gpxrXWE680j3Gge4uajQ9ziFSz9xW1edxb/4C6vew9/Y4JXoTFAsTEIp+qD3nT9QJUWDoLywj5VavtUre3R3PwexXHFOBgH4/CAg3EwDsbBOBhXET4vBRh4NwMcjIPxruC1uV+U5ZNHOBgH46ouBehvnjUOxtGY3Q1Ib7g8cCzO7irSuz0PHEvVfo88HbVRcDSr/ZDS4rakwNGq9EE+8SiueLvyE+Qbj+KCd2a4gFHw/33zeGz46swPkC88eu3xJOFrZS7AttvT4NFrN5OEPy5/B9mOmhnXo2YmCX9S4gJs59yM6zk3k4Q/LX0D2ZqMGdcmYyYJf/aAC7B1uFGajJkk/LkUYGuvZlw7nJkk/MX0V5Ctt8eTBpck4S+lAJeLJR5f+KupLyDXWy1tXPDXUkCaK9U3/ub+Dijtfe4TfysF6P/2UX4mrE3Ghr8r7oSkh4Y8cLwvbvdITyx54FgvbCvS41IeODYKWwHpWU3lgKsPk1tkDordDPGu4JuTn4nMQVGPS5k8ueAfJ7gAAyeZ1WRckolFhgb5b/dx1GS3y4aTb27in3idAu0FrUNBrO5/AAAAAElFTkSuQmCC',
  'base64',
);

export const faviconPlugin: FastifyPluginAsync = async (app) => {
  app.get('/favicon.ico', (_req, reply) =>
    reply
      .headers({ 'content-type': 'image/x-icon', 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' })
      .send(FAVICON),
  );
};

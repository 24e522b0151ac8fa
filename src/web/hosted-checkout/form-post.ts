/**
 * A hosted checkout step's form: POST /pay/{token}/<step> with an HTML form's fields
 * (application/x-www-form-urlencoded, a few short fields), in a Fastify context of its own so the
 * form parser applies to that route only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type FormRequest = FastifyRequest<{ Params: { token: string }; Body: Record<string, string> | undefined }>;

export function registerFormPost(
  app: FastifyInstance,
  step: string,
  limitBytes: number,
  handler: (req: FormRequest, reply: FastifyReply) => Promise<unknown>,
): void {
  void app.register(async (form) => {
    form.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: limitBytes }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    form.post<{ Params: { token: string }; Body: Record<string, string> | undefined }>(`/:token/${step}`, handler);
  });
}

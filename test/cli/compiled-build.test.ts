/**
 * The compiled gateway (ADR 0029), as a production install runs it: `npm run build`'s script builds
 * a copy of src/ into a folder of its own, whose node_modules holds only the production dependencies
 * (package-lock.json without its dev-only entries, linked from this checkout's), so tsx and esbuild
 * cannot be loaded there at all. There, npm's prepare (build.mjs --if-stale) passes while dist/ is
 * fresh; bin/walletgate.mjs refuses the build once a source differs, and runs it once they match:
 * /health, /ready, the dashboard's chart.js, /docs (README.md and docs/ copied too) and a GlobalPay create.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_GLOBALPAY_KEYS, DEMO_SITE_ID } from '../../src/dialects/globalpay/demo.js';
import { freePort } from '../helpers/http-once.js';

const run = promisify(execFile);
const repo = new URL('../..', import.meta.url).pathname;

/** node_modules/<name> → linked from the checkout's, for every package `npm ci --omit=dev` installs at the top. */
function linkProductionModules(into: string): void {
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/') || path.lastIndexOf('node_modules/') !== 0 || entry.dev) continue;
    const from = join(repo, path);
    if (!existsSync(from)) continue; // an optional package for another platform
    mkdirSync(dirname(join(into, path)), { recursive: true });
    symlinkSync(from, join(into, path), 'dir');
  }
}

/** The environment of a production host: no walletgate setting, no loader in NODE_OPTIONS. */
function hostEnv(dataDir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(WALLETGATE_|KAKAOPAY_|TLS_|NODE_TEST)/.test(k) && !['NODE_OPTIONS', 'DATABASE_URL'].includes(k),
    ),
  );
  return { ...env, WALLETGATE_DATA_DIR: dataDir, HTTPS_PORT: '0', NO_COLOR: '1', WALLETGATE_LOG_LEVEL: 'warn' };
}

/** Runs a script of the install (bin/walletgate.mjs, scripts/build.mjs); a non-zero exit is an answer, not a throw. */
async function node(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], { env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('the compiled build, installed without devDependencies', () => {
  let install: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    install = mkdtempSync(join(tmpdir(), 'wg-compiled-'));
    dataDir = mkdtempSync(join(tmpdir(), 'wg-compiled-data-'));
    env = hostEnv(dataDir);
    for (const part of ['src', 'bin', 'scripts/build.mjs', 'scripts/bundle.mjs', 'package.json', 'tsconfig.json', 'README.md', 'docs'])
      cpSync(join(repo, part), join(install, part), { recursive: true });
    linkProductionModules(install);
    await run(process.execPath, [join(repo, 'scripts', 'build.mjs'), '--root', install], { timeout: 60_000 });
  });
  after(() => {
    for (const dir of [install, dataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('cannot reach tsx, esbuild or typescript from dist/', () => {
    const require = createRequire(join(install, 'dist', 'cli.js'));
    for (const dev of ['tsx', 'esbuild', 'typescript']) assert.throws(() => require.resolve(dev), /Cannot find module/, dev);
    assert.ok(require.resolve('fastify'), 'a production dependency resolves');
  });

  it("refuses a dist/ built from other sources, naming the file; prepare's build needs esbuild only then", async () => {
    const bin = join(install, 'bin', 'walletgate.mjs');
    const build = join(install, 'scripts', 'build.mjs');
    // npm ci --omit=dev over a built folder: prepare finds dist/ fresh and needs no esbuild
    assert.deepEqual(await node(build, ['--if-stale'], env), { code: 0, stdout: '', stderr: '' });
    const file = join(install, 'src', 'config-error.ts');
    const original = readFileSync(file);
    writeFileSync(file, `${original.toString()}\n// edited after the build\n`);
    try {
      const stale = await node(bin, ['--help'], env);
      assert.equal(stale.code, 1, stale.stdout);
      assert.equal(
        stale.stderr,
        'walletgate: src/config-error.ts changed after dist/ was built. Run `npm run build` (`npm start` builds first).\n',
      );
      const rebuild = await node(build, ['--if-stale'], env);
      assert.equal(rebuild.code, 1, rebuild.stdout);
      assert.match(
        rebuild.stderr,
        /^walletgate: src\/config-error\.ts changed after dist\/ was built, and esbuild, which builds it, is not installed/,
      );
    } finally {
      writeFileSync(file, original); // the same bytes again: fresh, whatever the mtime says (the start below)
    }
    // the dev path (WALLETGATE_FROM_SOURCE=1, as the tests run) needs tsx, which is not here either
    const fromSource = await node(bin, ['--help'], { ...env, WALLETGATE_FROM_SOURCE: '1' });
    assert.equal(fromSource.code, 1);
    assert.match(fromSource.stderr, /WALLETGATE_FROM_SOURCE=1 runs src\/ through tsx, a devDependency, which is not installed/);
  });

  describe('walletgate start', () => {
    let child: ChildProcess;
    let base: string;
    before(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      child = spawn(process.execPath, [join(install, 'bin', 'walletgate.mjs'), 'start', '--port', String(port)], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      await new Promise<void>((resolve, reject) => {
        const collect = (d: Buffer): void => {
          output += d.toString();
          if (output.includes('Ctrl+C')) resolve();
        };
        child.stdout!.on('data', collect);
        child.stderr!.on('data', collect);
        child.once('exit', (code) => reject(new Error(`start exited with ${code}: ${output}`)));
      });
    });
    after(async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    });

    it('runs dist/cli.js with no loader: the command line is node, the bin and its arguments', () => {
      const argv = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      assert.deepEqual(argv.slice(1), [join(install, 'bin', 'walletgate.mjs'), 'start', '--port', new URL(base).port]);
    });

    it('answers /health and /ready', async () => {
      const health = await fetch(`${base}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok', database: 'sqlite' });
      const ready = await fetch(`${base}/ready`);
      assert.equal(ready.status, 200);
      assert.equal(((await ready.json()) as { status: string }).status, 'ready');
    });

    it("serves the dashboard's chart.js, read from the installed package next to dist/", async () => {
      const res = await fetch(`${base}/dashboard/assets/chart.umd.min.js`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
      const chartJs = readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
      assert.equal(await res.text(), chartJs);
    });

    it('serves /docs: README.md and docs/ found from the package root above dist/, Swagger UI from the installed package', async () => {
      for (const path of ['/docs', '/docs/guides/README', '/docs/openapi/globalpay.yaml', '/docs/assets/swagger-ui-bundle.js']) {
        const res = await fetch(`${base}${path}`);
        assert.equal(res.status, 200, path);
      }
      assert.match(await (await fetch(`${base}/docs/guides/dialects/adyen`)).text(), /<h1 id=/);
    });

    it('creates a GlobalPay payment with the demo key', async () => {
      const res = await fetch(`${base}/globalpay/v1/payments`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${DEMO_SITE_ID}:${DEMO_GLOBALPAY_KEYS[0]}`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          Payment: {
            MerchantTransactionID: 'compiled-1',
            Amount: 15000,
            Currency: 'KRW',
            MethodID: 1135,
            ReturnURL: 'https://shop.example/return',
            BillingAddress: { Country: 'KR' },
          },
        }),
      });
      const body = (await res.json()) as { Payment: { ID: number; Status: { ID: number }; RedirectURL: string } };
      assert.equal(res.status, 201, JSON.stringify(body));
      assert.equal(body.Payment.Status.ID, 1);
      assert.ok(body.Payment.RedirectURL.startsWith(`${base}/`), body.Payment.RedirectURL);
    });
  });
});

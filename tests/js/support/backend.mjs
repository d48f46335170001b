// Starts the real CorrelationHub host (the built CorrelationHub.dll) as a process on loopback, with its own temporary
// SQLite file, recordings folder and token keys, and reads what it stored through its API (and the SQLite file).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './gadget-modules.mjs';

export const API_KEY = 'js-test-key';

export function hostDll() {
  if (process.env.CORRELATIONHUB_DLL) return process.env.CORRELATIONHUB_DLL;
  for (const config of ['Release', 'Debug']) {
    const dll = join(repoRoot, 'backend', 'src', 'CorrelationHub.Web', 'bin', config, 'net10.0', 'CorrelationHub.dll');
    if (existsSync(dll)) return dll;
  }
  throw new Error('CorrelationHub.dll not built: run dotnet build CorrelationHub.sln -c Release (scripts/test.sh does)');
}

export class Backend {
  constructor(args) {
    this.args = args;
    this.dir = mkdtempSync(join(tmpdir(), 'ch-gadget-e2e-'));
    this.port = 0;
    this.output = [];
  }

  /** Starts the host (again on the same port and data after a stop or kill). */
  async start() {
    const args = [
      hostDll(),
      '--urls', `http://127.0.0.1:${this.port}`,
      '--Sip:ListenAddress=127.0.0.1', '--Sip:EphemeralPorts=true',
      `--Storage:ConnectionString=Data Source=${join(this.dir, 'correlationhub.db')}`,
      `--Recording:Directory=${join(this.dir, 'recordings')}`,
      `--Auth:KeysDirectory=${join(this.dir, 'keys')}`,
      `--Access:ApiKeys:0=${API_KEY}`,
      '--Logging:LogLevel:Default=Warning',
      '--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information',
      '--Logging:LogLevel:CorrelationHub.Web.Security=Information',
      ...this.args,
    ];
    const child = spawn('dotnet', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DOTNET_NOLOGO: '1' } });
    this.process = child;
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    this.exited = exited;
    const listening = new Promise((resolve, reject) => {
      let buffer = '';
      const onData = (chunk) => {
        const text = chunk.toString();
        this.output.push(text);
        buffer += text;
        const match = /Now listening on: (http:\/\/127\.0\.0\.1:(\d+))/.exec(buffer);
        if (match) {
          this.port = Number(match[2]);
          this.url = match[1];
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (chunk) => this.output.push(chunk.toString()));
      exited.then(({ code }) => reject(new Error(`CorrelationHub exited (${code}) before listening:\n${this.output.join('')}`)));
      setTimeout(() => reject(new Error(`CorrelationHub did not listen within 60 s:\n${this.output.join('')}`)), 60000).unref();
    });
    await listening;
    return this;
  }

  /** An unexpected exit: SIGKILL, no shutdown. */
  async kill() {
    this.process.kill('SIGKILL');
    await this.exited;
  }

  async stop() {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill('SIGTERM');
      await this.exited;
    }
  }

  async dispose() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async api(path) {
    const response = await fetch(this.url + path, { headers: { 'X-Api-Key': API_KEY } });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return path.includes('format=csv') ? response.text() : response.json();
  }

  /** Runs a command-line action of the product (e.g. accounts add …) on this host's database; stdin is piped in. */
  cli(args, stdin = '') {
    return new Promise((resolve, reject) => {
      const child = spawn('dotnet', [hostDll(), ...args, `--Storage:ConnectionString=Data Source=${join(this.dir, 'correlationhub.db')}`], { cwd: this.dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DOTNET_NOLOGO: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => { stdout += chunk; });
      child.stderr.on('data', (chunk) => { stderr += chunk; });
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });
  }

  async agent(username) {
    return (await this.api('/api/agents')).find((a) => a.username === username);
  }

  /** Rows of a read-only query on the host's SQLite file (the sqlite3 command-line shell). */
  query(sql) {
    const out = execFileSync('sqlite3', ['-readonly', '-json', join(this.dir, 'correlationhub.db'), sql], { encoding: 'utf8' });
    return out.trim() ? JSON.parse(out) : [];
  }
}

export async function startBackend(args = []) {
  return new Backend(args).start();
}

/** Polls probe() until done(value) (a bounded wait for real I/O, never a fixed sleep). */
export async function eventually(probe, done, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

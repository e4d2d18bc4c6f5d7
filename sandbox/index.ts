import type { AddressInfo } from 'node:net';
import { controlRoutes, SandboxControl } from './control';
import { createCore, type SandboxCore } from './core';
import { approvalUploadRoutes } from './dingtalk/approval-uploads';
import { connectTriggerControlRoutes, connectTriggerRoutes } from './dingtalk/connect-triggers';
import { forecastRoutes } from './dingtalk/forecast';
import { h5ClientRoutes } from './dingtalk/h5-client';
import { loginRoutes } from './dingtalk/login';
import { noticeRoutes } from './dingtalk/notices';
import { processCentreControlRoutes, processCentreRoutes } from './dingtalk/process-centre';
import { todoRoutes } from './dingtalk/todo';
import { tokenRoutes } from './dingtalk/tokens';
import { userRoutes } from './dingtalk/users';
import { workflowRoutes } from './dingtalk/workflow';
import { Router } from './http/router';
import { createSandboxServer } from './http/server';
import type { SandboxOptions } from './model/options';
import { demoScenario } from './scenarios/demo';
import { loadScenario } from './scenarios/load';
import type { Scenario } from './scenarios/types';
import { yidaFormAndFileRoutes } from './yida/forms-and-files';
import { yidaRoutes } from './yida/open-api';

export type { SandboxControl } from './control';
export type { SandboxOptions } from './model/options';
export type { Scenario } from './scenarios/types';

export type StartSandboxOptions = {
  /** 0 = a random free port (tests). Default 0. */
  port?: number;
  host?: string;
  /** `demo`, a scenario object, or nothing (an empty sandbox; build it through `control`). */
  scenario?: 'demo' | Scenario;
  /** Option overrides (they win over the scenario's own options). */
  options?: Partial<SandboxOptions>;
};

export type RunningSandbox = {
  /** `http://127.0.0.1:PORT`: the base URL for every simulated host (api, oapi, login, Yida, Stream). */
  url: string;
  control: SandboxControl;
  close(): Promise<void>;
};

/** All routes of one core; rebuilt on `control.reset()` so handlers never see a stale core. */
function buildRouter(core: SandboxCore, control: SandboxControl): Router {
  const router = new Router();
  router.add(
    { method: 'GET', path: '/health', family: 'raw', handler: () => ({ json: { ok: true } }) },
    ...tokenRoutes(core.state),
    ...core.stream.routes(),
    ...core.callbacks.routes(),
    ...workflowRoutes(core.state, core.engine),
    ...forecastRoutes(core.state),
    ...core.attachments.routes(),
    ...approvalUploadRoutes(core.state),
    ...userRoutes(core.state),
    ...loginRoutes(core.state),
    ...h5ClientRoutes(core.state),
    ...todoRoutes(core.state, core.hub),
    ...processCentreRoutes(core.state),
    ...noticeRoutes(core.state),
    ...yidaRoutes(core.state, core.yida),
    ...yidaFormAndFileRoutes(core.state),
    ...core.connect.routes(),
    ...core.robots.routes(),
    ...connectTriggerRoutes(core.state),
    ...controlRoutes(control),
    ...connectTriggerControlRoutes(core.state),
    ...processCentreControlRoutes(core.state),
  );
  return router;
}

/**
 * Starts the DingTalk + Yida simulator on one HTTP server. Point every base URL of the app
 * (DINGTALK_API_BASE, DINGTALK_OAPI_BASE, DINGTALK_LOGIN_BASE, YIDA_API_BASE, the Stream gateway)
 * at the returned `url`.
 */
export async function startSandbox(opts: StartSandboxOptions = {}): Promise<RunningSandbox> {
  let core = createCore(opts.options);
  let router: Router;
  const reset = (scenario?: 'demo' | Scenario | null, options: Partial<SandboxOptions> = {}) => {
    const old = core;
    void old.stream.close();
    old.callbacks.close();
    old.hub.close();
    core = createCore({ ...opts.options, ...options }, old.baseUrl);
    if (scenario) loadScenario(core, scenario === 'demo' ? demoScenario() : scenario);
    Object.assign(core.state.options, opts.options, options);
    router = buildRouter(core, control);
  };
  const control = new SandboxControl(() => core, reset);
  if (opts.scenario) {
    loadScenario(core, opts.scenario === 'demo' ? demoScenario() : opts.scenario);
    Object.assign(core.state.options, opts.options);
  }
  router = buildRouter(core, control);
  const server = createSandboxServer({
    current: () => ({ router, state: core.state, limiter: core.limiter }),
    onUpgrade: (req, socket, head) => core.stream.handleUpgrade(req, socket, head),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  core.baseUrl = url;
  return {
    url,
    control,
    close: async () => {
      await core.stream.close();
      core.callbacks.close();
      core.hub.close();
      await core.yidaPushes.drain();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

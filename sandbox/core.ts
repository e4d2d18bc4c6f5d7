import { AttachmentService } from './dingtalk/attachments';
import { CallbackSender } from './dingtalk/callback-sender';
import { ConnectPlatform } from './dingtalk/connect-platform';
import { EventHub } from './dingtalk/events';
import { ApiLimiter } from './dingtalk/limits';
import { RobotService } from './dingtalk/robots';
import { StreamGateway } from './dingtalk/stream-gateway';
import type { SandboxOptions } from './model/options';
import { SandboxState } from './model/state';
import { WorkflowEngine } from './model/workflow-engine';
import { YidaEngine } from './yida/engine';
import { YidaPushSender } from './yida/push-sender';

/** Everything one running sandbox holds; `reset` swaps the state but keeps the listening server. */
export type SandboxCore = {
  state: SandboxState;
  hub: EventHub;
  stream: StreamGateway;
  callbacks: CallbackSender;
  limiter: ApiLimiter;
  engine: WorkflowEngine;
  yida: YidaEngine;
  yidaPushes: YidaPushSender;
  attachments: AttachmentService;
  /** Custom group robots (webhook + 加签) and the messages they received. */
  robots: RobotService;
  /** 连接平台 (connect platform) connectors, actions and their invocations. */
  connect: ConnectPlatform;
  /** The sandbox's own base URL once listening (for presigned URLs made outside a request). */
  baseUrl: string;
};

export function createCore(options: Partial<SandboxOptions> = {}, baseUrl = ''): SandboxCore {
  const state = new SandboxState(options);
  const stream = new StreamGateway(state);
  const callbacks = new CallbackSender(state);
  const hub = new EventHub(state, { stream, http: callbacks });
  const yidaPushes = new YidaPushSender(state);
  return {
    state,
    hub,
    stream,
    callbacks,
    limiter: new ApiLimiter(state),
    engine: new WorkflowEngine(state, (corpId, type, data, at) => {
      hub.emit(corpId, type, data, at);
    }),
    yida: new YidaEngine(state, (action, inst, detail) => yidaPushes.onChange(action, inst, detail)),
    yidaPushes,
    attachments: new AttachmentService(state),
    connect: new ConnectPlatform(state),
    robots: new RobotService(state),
    baseUrl,
  };
}

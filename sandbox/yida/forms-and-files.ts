import { createHash, randomBytes } from 'node:crypto';
import { NewApiError } from '../http/errors';
import type { RequestContext, RouteDef } from '../http/router';
import type { SandboxState } from '../model/state';
import type { YidaApp, YidaComponent, YidaFile, YidaForm } from '../model/yida-types';

const MAX_TIMEOUT_MS = 86_400_000;
const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};
const DEFAULT_TIMEOUT_MS = 60_000;

/** The `[{downloadUrl, name, previewUrl, size, url}]` item a form value holds for one file (§6.2). */
export type YidaFileValue = {
  downloadUrl: string;
  name: string;
  previewUrl: string;
  size: number;
  url: string;
};

/** Stores an uploaded file of an app's form and returns the value item its field holds (relative URLs). */
export function storeYidaFile(
  state: SandboxState,
  input: { appType: string; name: string; bytes: Buffer; contentType?: string },
): YidaFileValue & { sha256: string } {
  const ext = input.name.includes('.') ? `.${input.name.split('.').pop()}` : '';
  const fileName = `${input.appType}_${randomBytes(9).toString('base64url')}${ext}`;
  const file: YidaFile = {
    appType: input.appType,
    fileName,
    name: input.name,
    bytes: input.bytes,
    contentType: input.contentType?.includes('/')
      ? input.contentType
      : (MIME[(input.contentType ?? ext.slice(1)).toLowerCase()] ?? 'application/octet-stream'),
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
  };
  state.yidaFiles.set(fileName, file);
  const handle = (type: string) =>
    `/ossFileHandle?appType=${encodeURIComponent(input.appType)}&fileName=${encodeURIComponent(fileName)}&instId=&type=${type}`;
  return {
    downloadUrl: handle('download'),
    name: input.name,
    previewUrl: `${handle('open')}&process=image/resize,m_fill,w_200`,
    size: input.bytes.length,
    url: handle('download'),
    sha256: file.sha256,
  };
}

function label(c: YidaComponent) {
  return { use: 'zh_CN', zh_CN: c.label, en_US: c.labelEn ?? c.componentId, type: 'i18n' };
}

/** One component as `formFields` answers it: label an i18n object, `children` a JSON string (§6.1). */
function formField(c: YidaComponent): Record<string, unknown> {
  return {
    componentName: c.componentName,
    fieldId: c.componentId,
    behavior: 'NORMAL',
    label: label(c),
    props: {
      ...(c.options ? { dataSource: c.options.map((o) => ({ text: o.text, value: o.value })) } : {}),
      ...(/^(Cascade)?DateField$/.test(c.componentName) ? { format: c.format ?? 'YYYY-MM-DD' } : {}),
    },
    children: JSON.stringify((c.children ?? []).map(formField)),
  };
}

/**
 * Yida's form-definition APIs (`formFields`, `definitions`) and attachment download (`temporaryUrls` and the
 * login-free URL it hands out), as dingtalk-wave2-apis.md §6 documents them, with Yida's error codes.
 */
export function yidaFormAndFileRoutes(state: SandboxState): RouteDef[] {
  const auth = (ctx: RequestContext, appType: string): YidaApp => {
    const systemToken = ctx.query.get('systemToken') ?? '';
    const userId = ctx.query.get('userId') ?? '';
    for (const [name, v] of [
      ['appType', appType],
      ['systemToken', systemToken],
      ['userId', userId],
    ]) {
      if (!v) throw new NewApiError(400, 'invalidParameter.parameter.parameterIsEmpty', `不能为空:${name}`);
    }
    const app = state.yidaApps.get(appType);
    if (!app || app.corpId !== ctx.org?.corpId)
      throw new NewApiError(400, 'applicationNotExist.application.notExits', `应用不存在:${appType}`);
    if (app.systemToken !== systemToken)
      throw new NewApiError(400, 'invalidParameter.parameter.accessKeyNotMatch', '接入密钥不匹配');
    if (!ctx.org.users.has(userId))
      throw new NewApiError(400, 'failure.user.userNotExist', `用户不存在:${userId}`);
    return app;
  };
  const formOf = (app: YidaApp, formUuid: string): YidaForm => {
    if (!formUuid)
      throw new NewApiError(400, 'invalidParameter.parameter.incorrectFormUuid', 'formUuid 不正确');
    const form = app.forms.get(formUuid);
    if (!form) throw new NewApiError(400, 'invalidState.form.formNotExist', `表单不存在:${formUuid}`);
    return form;
  };
  return [
    {
      method: 'GET',
      path: '/v1.0/yida/forms/formFields',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const app = auth(ctx, ctx.query.get('appType') ?? '');
        const form = formOf(app, ctx.query.get('formUuid') ?? '');
        return { json: { success: true, result: form.components.map(formField) } };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/yida/forms/definitions/{appType}/{formUuid}',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const app = auth(ctx, ctx.params.appType ?? '');
        const form = formOf(app, ctx.params.formUuid ?? '');
        const english = ctx.query.get('language') === 'en_US';
        const flat = form.components.flatMap((c) => [
          { c, parentId: null as string | null },
          ...(c.children ?? []).map((child) => ({ c: child, parentId: c.componentId })),
        ]);
        const result = flat.map(({ c, parentId }) => ({
          label: english ? (c.labelEn ?? c.componentId) : c.label,
          componentName: c.componentName,
          fieldId: c.componentId,
          parentId,
        }));
        return { json: { result } };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/yida/apps/temporaryUrls/{appType}',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const app = auth(ctx, ctx.params.appType ?? '');
        const fileUrl = ctx.query.get('fileUrl') ?? '';
        if (!fileUrl)
          throw new NewApiError(400, 'invalidParameter.parameter.parameterIsEmpty', '不能为空:fileUrl');
        const rawTimeout = ctx.query.get('timeout');
        const timeout = rawTimeout === null || rawTimeout === '' ? DEFAULT_TIMEOUT_MS : Number(rawTimeout);
        if (!Number.isInteger(timeout) || timeout <= 0 || timeout > MAX_TIMEOUT_MS)
          throw new NewApiError(400, 'invalidParameter.parameter.error', '参数错误:timeout');
        let parsed: URL;
        try {
          parsed = new URL(fileUrl);
        } catch {
          // A relative `/ossFileHandle?…` is not accepted: the caller prefixes the Yida origin (§6.3).
          throw new NewApiError(400, 'invalidParameter.parameter.error', '参数错误:fileUrl');
        }
        const file = state.yidaFiles.get(parsed.searchParams.get('fileName') ?? '');
        if (!file || file.appType !== app.appType || parsed.searchParams.get('appType') !== app.appType)
          throw new NewApiError(400, 'noPermission.permission.deny', '没有权限');
        const token = randomBytes(18).toString('base64url');
        state.yidaTempUrls.set(token, { fileName: file.fileName, expiresAt: state.now() + timeout });
        const host = ctx.req.headers.host ?? '127.0.0.1';
        return { json: { result: `http://${host}/__yida/tmp/${token}` } };
      },
    },
    {
      method: 'GET',
      path: '/__yida/tmp/{token}',
      family: 'raw',
      handler: (ctx) => {
        const grant = state.yidaTempUrls.get(ctx.params.token ?? '');
        const file = grant ? state.yidaFiles.get(grant.fileName) : undefined;
        if (!grant || !file) return { status: 404, body: 'not found' };
        if (grant.expiresAt <= state.now()) return { status: 403, body: 'expired' };
        return {
          headers: {
            'content-type': file.contentType,
            'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
          },
          body: file.bytes,
        };
      },
    },
  ];
}

/**
 * The form's name read from an instance title in Yida's default shape, `{发起人}发起的{表单名}` ("李四发起的请购单",
 * yida-connect-api.md §2.8): GetInstanceById and a push with an empty `processName` name no process, and none of
 * the form-definition APIs (dingtalk-wave2-apis.md §6.1) returns the form's title. Null when the title is not in
 * that shape (a custom title formula, or another originator's name), so a guess is never made from other text.
 */
export function processNameFromTitle(
  title: string | null | undefined,
  originatorName: string | null | undefined,
): string | null {
  if (!title || !originatorName) return null;
  const prefix = `${originatorName}发起的`;
  if (!title.startsWith(prefix)) return null;
  const name = title.slice(prefix.length).trim();
  return name && name.length <= 200 ? name : null;
}

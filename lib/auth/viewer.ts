/** Who is asking. Every task/instance/attachment function takes one and scopes by it (style rule 3). */
export type Viewer = { userId: string; name: string; isAdmin: boolean };

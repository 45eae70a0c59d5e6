// An error the user caused or can fix (bad input, a missing cache): shown as it is,
// and raised before anything was changed.
export class UserError extends Error {}

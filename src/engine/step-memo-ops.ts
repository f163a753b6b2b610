/**
 * The context calls a recorded guard or body made (see step-memo.ts), as tags in a flat list:
 *   OP_CAN_SEND to result · OP_PENDING count · OP_MAILBOX_EMPTY result ·
 *   OP_SEND to msg [result] (no result: the send blocked the step) · OP_ASSERT message
 *   (a failed assertion) · OP_DELIVER id payload.
 */
export const OP_CAN_SEND = 1;
export const OP_PENDING = 2;
export const OP_MAILBOX_EMPTY = 3;
export const OP_SEND = 4;
export const OP_ASSERT = 5;
export const OP_DELIVER = 6;

import type { Input, Operation } from '../admin/perform.ts';
import {
  chooseNotifications,
  notificationChoice,
  type NotificationChoice,
} from '../../db/member/notifications.ts';
import { memberOf } from './account-ops.ts';
import { memberOrganisationId } from './organisation-of.ts';

/** A checkbox: present ("on") when ticked, absent otherwise. */
const ticked = (input: Input, field: string): boolean => input[field] === 'on' || input[field] === true;

/** The signed-in member's own choice for the organisation (any member, owner or editor). */
export const notificationChoiceOp: Operation<NotificationChoice> = {
  name: 'member.notifications.view',
  permission: 'organisation.view',
  write: false,
  run: (ctx, input) =>
    notificationChoice(ctx.deps.database.db, memberOrganisationId(ctx, input), memberOf(ctx).id),
};

export const chooseNotificationsOp: Operation<NotificationChoice> = {
  name: 'member.notifications.choose',
  permission: 'organisation.view',
  write: true,
  detail: (input) => ({ statusChanges: ticked(input, 'statusChanges'), digest: ticked(input, 'digest') }),
  async run(ctx, input) {
    const choice = { statusChanges: ticked(input, 'statusChanges'), digest: ticked(input, 'digest') };
    await chooseNotifications(
      ctx.deps.database.db,
      memberOrganisationId(ctx, input),
      memberOf(ctx).id,
      choice,
      ctx.deps.now(),
    );
    return choice;
  },
};

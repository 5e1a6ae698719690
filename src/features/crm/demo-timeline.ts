import type { CrmActivitiesService } from './crm-activities.js';
import type { CrmService } from './crm-service.js';
import type { CrmTimelineService } from './crm-timeline.js';
import { readActivityInput } from './activity-input.js';

/**
 * Activities and timeline comments on the demo contacts (found by their phone numbers), so that
 * crm.activity.list and crm.timeline.comment.list answer something on a fresh portal. No call
 * activities: those come from finished calls alone (E38).
 */
export async function seedDemoTimeline(
  { crm, activities, timeline }: { crm: CrmService; activities: CrmActivitiesService; timeline: CrmTimelineService },
  userId: number,
  timeZone: string,
): Promise<void> {
  const [andrew] = await crm.findByPhone('+1 555 0100');
  const [maria] = await crm.findByPhone('+34 600 111 222');
  const writer = { userId, appId: null };
  if (andrew) {
    await activities.add(
      readActivityInput(
        {
          OWNER_TYPE_ID: 3,
          OWNER_ID: andrew.entityId,
          TYPE_ID: 1,
          SUBJECT: 'PBX rollout kick-off',
          DESCRIPTION: 'Walk through the extension plan and the call routing.',
          LOCATION: 'Northwind office',
          COMMUNICATIONS: [{ VALUE: 'Andrew Johnson', ENTITY_TYPE_ID: 3, ENTITY_ID: andrew.entityId }],
        },
        timeZone,
      ),
      writer,
    );
    await timeline.add({ entityType: 'contact', entityId: andrew.entityId, comment: 'Prefers calls before noon.', authorId: null }, userId);
  }
  if (maria) {
    await activities.add(
      readActivityInput(
        {
          OWNER_TYPE_ID: 3,
          OWNER_ID: maria.entityId,
          TYPE_ID: 4,
          SUBJECT: 'Quote for call-centre seats',
          DIRECTION: 2,
          COMPLETED: 'Y',
          COMMUNICATIONS: [{ VALUE: 'maria.garcia@example.net', ENTITY_TYPE_ID: 3, ENTITY_ID: maria.entityId }],
        },
        timeZone,
      ),
      writer,
    );
    await timeline.add(
      { entityType: 'contact', entityId: maria.entityId, comment: 'Asked for a Spanish-speaking agent.', authorId: null },
      userId,
    );
  }
}

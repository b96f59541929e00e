import { z } from 'zod';
import { entraId } from '../../domain/ids';
import type { PersonalDataService } from '../../domain/personal-data-service';
import { ApiProblem, sendJson } from '../http';
import { errors, json } from '../openapi';
import { personalDataRef } from '../personal-data-openapi';
import type { AnonymiseResponse, PersonalDataExportBody } from '../personal-data-contracts';
import { memberRoute, type ApiRoute } from '../route';

const person = {
  personId: entraId.meta({ description: "The person's Entra object id." }),
  tenantId: entraId.optional().meta({ description: "The person's tenant (a member municipality of the sluice); yours when left out." }),
};

/** `exportPersonData`: whom, and why (the reason is written to the audit log). */
export const exportPersonBody = z.strictObject({
  ...person,
  reason: z
    .string()
    .trim()
    .min(1, 'must say why the data is asked for (e.g. the request’s reference)')
    .max(500, 'may be at most 500 characters'),
});

/** `anonymisePerson`: whom, and the legal basis (written on the audit entry and each idea's history). */
export const anonymiseBody = z.strictObject({
  ...person,
  basis: z
    .string()
    .trim()
    .min(1, 'must name the legal basis (e.g. the gallringsbeslut or GDPR art. 17)')
    .max(500, 'may be at most 500 characters'),
});

/** A person's own data, an admin's or registrator's export for a named person, and anonymisation. */
export function personalDataRoutes(deps: { readonly personalData: PersonalDataService }): ApiRoute[] {
  return [
    memberRoute({
      method: 'get',
      path: '/api/me/data',
      operationId: 'exportMyData',
      summary: 'Everything Idéslussen stores about you in your sluice (GDPR art. 15), as JSON; the tab’s “Mina uppgifter” shows it.',
      description: 'Written to the audit log (`personalData.exported`), naming you only by a reference.',
      responses: { 200: json(personalDataRef('PersonalDataExport'), 'Your data.') },
      handle: async ({ res, viewer }) => {
        const body: PersonalDataExportBody = await deps.personalData.exportOwn(viewer.sluice, viewer.person);
        sendJson(res, 200, body);
      },
    }),
    memberRoute({
      method: 'post',
      path: '/api/admin/people/data',
      operationId: 'exportPersonData',
      summary: 'Everything stored about a named person, for an admin or registrator answering their request.',
      description: 'Written to the audit log with the reason before it is handed out (`personalData.exportedFor`). Everyone else gets 403.',
      request: { body: exportPersonBody },
      responses: { 200: json(personalDataRef('PersonalDataExport'), 'The person’s data.'), ...errors(400) },
      handle: async ({ res, body, viewer }) => {
        const result = await deps.personalData.exportFor(
          viewer.sluice,
          viewer.person,
          { id: body.personId, ...(body.tenantId ? { tenantId: body.tenantId } : {}) },
          body.reason,
        );
        if (!result.ok) throw refusal(result.error, 'Only the admins and registrators of this sluice may export a person’s data.');
        sendJson(res, 200, result.export satisfies PersonalDataExportBody);
      },
    }),
    memberRoute({
      method: 'post',
      path: '/api/admin/people/anonymise',
      operationId: 'anonymisePerson',
      summary:
        'Anonymises a person (GDPR art. 17 where the law allows): their name becomes “Tidigare medarbetare” and their ids are removed wherever the app names them; their drafts and conversation state are deleted; the texts of the records are kept.',
      description:
        "Admins only. The legal basis is written on the audit entry (`person.anonymised`) and on each changed idea's history (`anonymised`). A coach or admin of the sluice must be taken off first (409). Repeating it changes nothing.",
      request: { body: anonymiseBody },
      responses: { 200: json(personalDataRef('AnonymiseResponse'), 'What was changed and deleted.'), ...errors(400, 409) },
      handle: async ({ res, body, viewer }) => {
        const result = await deps.personalData.anonymise(
          viewer.sluice,
          viewer.person,
          { id: body.personId, ...(body.tenantId ? { tenantId: body.tenantId } : {}) },
          body.basis,
        );
        if (!result.ok) {
          if (result.error === 'stillInRole')
            throw new ApiProblem(
              409,
              'StillInRole',
              'The person is still a coach or admin of the sluice: take them off under Administration first.',
            );
          throw refusal(result.error, 'Only the admins of this sluice may anonymise a person.');
        }
        const answer: AnonymiseResponse = { counts: result.counts.map((c) => ({ ...c })), auditEventId: result.audit.id };
        sendJson(res, 200, answer);
      },
    }),
  ];
}

function refusal(error: 'forbidden' | 'notMember', forbidden: string): ApiProblem {
  if (error === 'notMember') return new ApiProblem(400, 'BadRequest', 'tenantId must be a member municipality of your sluice.');
  return new ApiProblem(403, 'Forbidden', forbidden);
}

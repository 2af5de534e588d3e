import { z } from 'zod';

/** Mirrors the check constraint on public.organizations.kind. */
export const ORGANIZATION_KINDS = [
  'administration',
  'regional_authority',
  'association',
  'union',
  'agency',
  'chamber',
  'ministry',
  'network',
  'research',
  'company',
  'other',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** Mirrors the check constraint on public.profiles.platform_role. */
export const PLATFORM_ROLES = ['admin', 'member', 'observer'] as const;
export type PlatformRoleValue = (typeof PLATFORM_ROLES)[number];

/** What a list page may announce after a redirect (`?hinweis=…`); anything else is ignored. */
export const ADMIN_NOTICES = ['created', 'saved', 'deleted', 'deactivated', 'reactivated'] as const;
export type AdminNotice = (typeof ADMIN_NOTICES)[number];

export const NOTICE_PARAM = 'hinweis';
export const EDIT_PARAM = 'bearbeiten';
export const DELETE_PARAM = 'loeschen';

const HTTP_URL = /^https?:\/\/[^\s/?#]+\.[^\s]+$/;

function isHttpUrl(value: string): boolean {
  if (!HTTP_URL.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A row id; lower-cased so it compares equal to ids Postgres returns. */
export const IdSchema = z.guid({ error: 'validation.invalid' }).transform((id) => id.toLowerCase());

/** Optional website: empty → null; otherwise an http(s) address (the tables check `^https?://`). */
const WebsiteSchema = z
  .string({ error: 'admin.websiteInvalid' })
  .trim()
  .max(500, 'admin.websiteTooLong')
  .refine((value) => value === '' || isHttpUrl(value), 'admin.websiteInvalid')
  .optional()
  .transform((value) => (value ? value : null));

const OrganizationFieldsSchema = z.object({
  shortName: z
    .string({ error: 'admin.organizations.shortNameRequired' })
    .trim()
    .min(1, 'admin.organizations.shortNameRequired')
    .max(40, 'admin.organizations.shortNameTooLong'),
  name: z
    .string({ error: 'admin.organizations.nameRequired' })
    .trim()
    .min(1, 'admin.organizations.nameRequired')
    .max(200, 'admin.organizations.nameTooLong'),
  kind: z.enum(ORGANIZATION_KINDS, { error: 'admin.organizations.kindInvalid' }),
  website: WebsiteSchema,
});
export type OrganizationFields = z.infer<typeof OrganizationFieldsSchema>;

export const OrganizationActionSchema = z.discriminatedUnion('intent', [
  OrganizationFieldsSchema.extend({ intent: z.literal('create') }),
  OrganizationFieldsSchema.extend({ intent: z.literal('update'), organizationId: IdSchema }),
]);
export type OrganizationAction = z.infer<typeof OrganizationActionSchema>;

/** A checkbox group arrives as nothing, one string or several strings. */
const ThemeIdsSchema = z
  .union([z.string(), z.array(z.string())], { error: 'admin.networks.themesInvalid' })
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  .pipe(z.array(z.guid({ error: 'admin.networks.themesInvalid' })).max(20))
  .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]);

const NetworkFieldsSchema = z.object({
  name: z
    .string({ error: 'admin.networks.nameRequired' })
    .trim()
    .min(1, 'admin.networks.nameRequired')
    .min(2, 'admin.networks.nameTooShort')
    .max(200, 'admin.networks.nameTooLong'),
  description: z
    .string({ error: 'admin.networks.descriptionTooLong' })
    .trim()
    .max(4000, 'admin.networks.descriptionTooLong')
    .optional()
    .transform((value) => value ?? ''),
  themeIds: ThemeIdsSchema,
  website: WebsiteSchema,
});
export type NetworkFields = z.infer<typeof NetworkFieldsSchema>;

export const NetworkActionSchema = z.discriminatedUnion('intent', [
  NetworkFieldsSchema.extend({ intent: z.literal('create') }),
  NetworkFieldsSchema.extend({ intent: z.literal('update'), networkId: IdSchema }),
  z.object({ intent: z.literal('delete'), networkId: IdSchema }),
]);
export type NetworkAction = z.infer<typeof NetworkActionSchema>;

export const AccountActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('update'),
    profileId: IdSchema,
    platformRole: z.enum(PLATFORM_ROLES, { error: 'admin.accounts.roleInvalid' }),
    organizationId: z
      .union([z.literal(''), z.guid()], { error: 'admin.accounts.organizationUnknown' })
      .transform((value) => (value === '' ? null : value.toLowerCase())),
    // A checkbox: present means yes.
    canSign: z.preprocess((value) => value === '1' || value === 'on', z.boolean()),
  }),
  z.object({ intent: z.literal('deactivate'), profileId: IdSchema }),
  z.object({ intent: z.literal('reactivate'), profileId: IdSchema }),
]);
export type AccountAction = z.infer<typeof AccountActionSchema>;

/** The notice named in `?hinweis=…`, or null for anything unknown. */
export function readNotice(url: URL): AdminNotice | null {
  const parsed = z.enum(ADMIN_NOTICES).safeParse(url.searchParams.get(NOTICE_PARAM));
  return parsed.success ? parsed.data : null;
}

import type { Generated } from 'kysely';

/**
 * Columns of the CRM entities added for their documented fields (crm.lead|contact|company|deal.fields).
 * Texts are nullable `text`, instants Unix seconds, dates `YYYY-MM-DD` text, amounts doubles.
 */
interface AddressColumns {
  address: string | null;
  address_2: string | null;
  address_city: string | null;
  address_postal_code: string | null;
  address_region: string | null;
  address_province: string | null;
  address_country: string | null;
  address_country_code: string | null;
  address_loc_addr_id: number | null;
}

interface OriginColumns {
  originator_id: string | null;
  origin_id: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_content: string | null;
  utm_term: string | null;
  last_activity_time: number | null;
  last_activity_by: number | null;
}

export interface CrmLeadExtraColumns extends AddressColumns, OriginColumns {
  honorific: string | null;
  birthdate: string | null;
  status_description: string | null;
  status_semantic_id: string | null;
  post: string | null;
  currency_id: string | null;
  opportunity: number | null;
  is_manual_opportunity: string | null;
  company_id: number | null;
  contact_id: number | null;
  is_return_customer: string | null;
  moved_by_id: number | null;
  moved_time: number | null;
  date_closed: number | null;
}

export interface CrmContactExtraColumns extends AddressColumns, OriginColumns {
  honorific: string | null;
  birthdate: string | null;
  source_description: string | null;
  export: string | null;
  origin_version: string | null;
}

export interface CrmCompanyExtraColumns extends AddressColumns, OriginColumns {
  address_legal: string | null;
  reg_address: string | null;
  reg_address_2: string | null;
  reg_address_city: string | null;
  reg_address_postal_code: string | null;
  reg_address_region: string | null;
  reg_address_province: string | null;
  reg_address_country: string | null;
  reg_address_country_code: string | null;
  reg_address_loc_addr_id: number | null;
  banking_details: string | null;
  employees: string | null;
  currency_id: string | null;
  revenue: number | null;
  is_my_company: string | null;
  lead_id: number | null;
  origin_version: string | null;
}

/** Deals (crm.deal.*): stage from DEAL_STAGE of their category (pipeline), 0 the default one. */
export interface CrmDealsTable extends OriginColumns {
  id: Generated<number>;
  title: string | null;
  type_id: string | null;
  category_id: number;
  stage_id: string | null;
  stage_semantic_id: string | null;
  is_new: string | null;
  is_recurring: string | null;
  is_return_customer: string | null;
  is_repeated_approach: string | null;
  probability: number | null;
  currency_id: string | null;
  opportunity: number | null;
  is_manual_opportunity: string | null;
  tax_value: number | null;
  company_id: number | null;
  contact_id: number | null;
  begindate: string | null;
  closedate: string | null;
  opened: string | null;
  closed: string | null;
  comments: string | null;
  assigned_by_id: number;
  created_by_id: number;
  modify_by_id: number;
  moved_by_id: number | null;
  date_create: number;
  date_modify: number;
  moved_time: number | null;
  source_id: string | null;
  source_description: string | null;
  lead_id: number | null;
  additional_info: string | null;
  location_id: string | null;
}

/**
 * Links between entities: a contact's companies (kind CONTACT_COMPANY: owner the contact, bound the
 * company), a deal's or a lead's contacts (DEAL_CONTACT, LEAD_CONTACT: owner the deal or lead). Each
 * side keeps its own order and primary flag, so the company's view of its contacts is apart.
 */
export interface CrmBindingsTable {
  id: Generated<number>;
  kind: string;
  owner_id: number;
  bound_id: number;
  owner_sort: number;
  owner_primary: string;
  bound_sort: number;
  bound_primary: string;
  role_id: number;
}

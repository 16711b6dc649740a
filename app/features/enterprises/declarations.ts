// What an enterprise declares about itself at registration (DOMAIN "Enterprises and
// institutions"). Stored as stable codes; pages show the translated labels
// (enterprises:otherStatus.*, enterprises:relation.*).

/**
 * DOMAIN: eligible when it "holds a 科技型中小企业 registration number (free text) or another listed
 * status (高新技术企业, 专精特新)".
 */
export const OTHER_STATUSES = ['high_tech', 'specialised'] as const
export type OtherStatus = (typeof OTHER_STATUSES)[number]

/**
 * How an enterprise is linked to an institution (DOMAIN "Related parties": same legal
 * representative, declared shareholding or common controller …). Mirrors the CHECK on
 * enterprise_related_party.relation.
 */
export const RELATIONS = ['affiliated', 'shareholding', 'common_controller', 'same_legal_rep', 'other'] as const
export type Relation = (typeof RELATIONS)[number]

/** 科技型中小企业评价 began in 2017: no registration number is older. */
export const SME_REG_YEAR_MIN = 2017

/** Rows of related parties the registration form offers without JavaScript, and the most it takes. */
export const RELATED_PARTY_ROWS = 3
export const RELATED_PARTY_MAX = 10

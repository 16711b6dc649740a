import { describe, expect, it } from 'vitest'
import { completeUscc } from '~/features/enterprises/uscc'
import { registerSchema, toRegistration } from './schemas'

const RegisterSchema = registerSchema({ currentYear: 2026 })

const INSTITUTION_A = '0b7f2c1e-5d7a-4c8e-9f00-1a2b3c4d5e6f'
const INSTITUTION_B = '7c9e6679-7425-40de-944b-e07fc1f90ae7'

const valid = {
  name: '张三',
  email: ' Zhang.San@Example.COM ',
  phone: '138 1818 0000',
  password: 'dazhou2026lab',
  confirmPassword: 'dazhou2026lab',
  enterpriseName: '达州示例科技有限公司',
  uscc: completeUscc('91511722MA6ABCDE1'),
  legalRep: '李四',
  address: '四川省达州市宣汉县东乡街道1号',
  smeRegNo: '2024511722A0001234',
  smeRegYear: '2024',
  staffCount: '86',
  sales: '3200.5',
  salesUnit: 'wan',
  assets: '4500',
  assetsUnit: 'wan',
}

function issues(input: Record<string, unknown>) {
  const r = RegisterSchema.safeParse(input)
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]))
}

describe('RegisterSchema', () => {
  it('normalises email, phone and USCC', () => {
    const r = RegisterSchema.parse({ ...valid, uscc: valid.uscc.toLowerCase() })
    expect(r.email).toBe('zhang.san@example.com')
    expect(r.phone).toBe('13818180000')
    expect(r.uscc).toBe(valid.uscc)
  })

  it('says which USCC problem it is', () => {
    expect(issues({ ...valid, uscc: '91511722' })).toMatchObject({ uscc: 'auth:errors.uscc.length?count=8' })
    expect(issues({ ...valid, uscc: 'I1511722MA6ABCDE1X' })).toMatchObject({
      uscc: 'auth:errors.uscc.character?position=1&char=I',
    })
    const wrongCheck = valid.uscc.slice(0, 17) + (valid.uscc[17] === '0' ? '1' : '0')
    expect(issues({ ...valid, uscc: wrongCheck })).toMatchObject({ uscc: 'auth:errors.uscc.checksum' })
  })

  it('reports a password mismatch even while another field is wrong', () => {
    expect(issues({ ...valid, name: 'x', confirmPassword: 'dazhou2026lax' })).toMatchObject({
      name: 'auth:errors.nameTooShort',
      confirmPassword: 'auth:errors.confirmMismatch',
    })
  })

  it('rejects a bad phone and a weak password', () => {
    expect(issues({ ...valid, phone: '12345', password: 'abc', confirmPassword: 'abc' })).toMatchObject({
      phone: 'auth:errors.phoneInvalid',
      password: 'auth:errors.password.tooShort',
    })
  })
})

describe('RegisterSchema: qualification, size, related parties and controller group', () => {
  it('turns a valid form into the values to store (fen, numbers, codes)', () => {
    const r = toRegistration(
      RegisterSchema.parse({
        ...valid,
        staffCount: '１２０',
        sales: '1,200.5',
        salesUnit: 'wan',
        assets: '880000.25',
        assetsUnit: 'yuan',
        otherStatus: 'high_tech',
        controllerGroup: '  达州\u3000恒信   集团 ',
        relatedParties: [
          { institutionId: INSTITUTION_A.toUpperCase(), relation: 'shareholding', note: ' 持股 10% ' },
          {},
          undefined,
          { institutionId: INSTITUTION_B, relation: 'same_legal_rep', note: '' },
        ],
      }),
    )
    expect(r).toMatchObject({
      legalRep: '李四',
      smeRegNo: '2024511722A0001234',
      smeRegYear: 2024,
      otherStatus: 'high_tech',
      staffCount: 120,
      salesFen: 1_200_500_000n,
      assetsFen: 88_000_025n,
      controllerGroup: '达州 恒信 集团',
      relatedParties: [
        { institutionId: INSTITUTION_A, relation: 'shareholding', note: '持股 10%' },
        { institutionId: INSTITUTION_B, relation: 'same_legal_rep', note: null },
      ],
    })
    expect(r).not.toHaveProperty('sales')
    expect(r).not.toHaveProperty('confirmPassword')
  })

  it('stores no controller group and no related parties when none are declared', () => {
    const r = RegisterSchema.parse({ ...valid, controllerGroup: ' \u3000 ' })
    expect(r.controllerGroup).toBeNull()
    expect(r.relatedParties).toEqual([])
  })

  describe('a 科技型中小企业 registration number or another listed status', () => {
    it('accepts another listed status without a number', () => {
      const r = RegisterSchema.parse({
        ...valid,
        smeRegNo: undefined,
        smeRegYear: undefined,
        otherStatus: 'specialised',
      })
      expect(r).toMatchObject({ smeRegNo: undefined, smeRegYear: undefined, otherStatus: 'specialised' })
    })

    it('refuses neither, naming the number field, even while another field is wrong', () => {
      expect(issues({ ...valid, name: 'x', smeRegNo: '', smeRegYear: '' })).toMatchObject({
        name: 'auth:errors.nameTooShort',
        smeRegNo: 'auth:errors.smeOrStatusRequired',
      })
    })

    it('asks for the year of a number and the number of a year', () => {
      expect(issues({ ...valid, smeRegYear: '' })).toEqual({ smeRegYear: 'auth:errors.smeRegYearRequired' })
      expect(issues({ ...valid, smeRegNo: ' ' })).toEqual({ smeRegNo: 'auth:errors.smeRegNoRequired' })
    })

    it('keeps the year within 2017 and the current year', () => {
      expect(issues({ ...valid, smeRegYear: '2016' })).toEqual({
        smeRegYear: 'auth:errors.smeRegYearRange?min=2017&max=2026',
      })
      expect(issues({ ...valid, smeRegYear: '2027' })).toEqual({
        smeRegYear: 'auth:errors.smeRegYearRange?min=2017&max=2026',
      })
      expect(issues({ ...valid, smeRegYear: '24' })).toEqual({
        smeRegYear: 'auth:errors.smeRegYearRange?min=2017&max=2026',
      })
      expect(issues({ ...valid, smeRegYear: '二〇二四' })).toEqual({ smeRegYear: 'auth:errors.smeRegYearInvalid' })
      expect(RegisterSchema.parse({ ...valid, smeRegYear: '２０１７' }).smeRegYear).toBe(2017)
      expect(registerSchema({ currentYear: 2027 }).parse({ ...valid, smeRegYear: '2027' }).smeRegYear).toBe(2027)
    })

    it('refuses a status that is not on the list', () => {
      expect(issues({ ...valid, otherStatus: '高新技术企业' })).toEqual({
        otherStatus: 'auth:errors.otherStatusInvalid',
      })
    })
  })

  describe('size figures', () => {
    it('wants a whole number of staff', () => {
      expect(issues({ ...valid, staffCount: '12.5' })).toEqual({ staffCount: 'auth:errors.staffCountNotInteger' })
      expect(issues({ ...valid, staffCount: 'abc' })).toEqual({ staffCount: 'auth:errors.staffCountNotInteger' })
      expect(issues({ ...valid, staffCount: '-3' })).toEqual({ staffCount: 'auth:errors.staffCountNotInteger' })
      expect(issues({ ...valid, staffCount: '' })).toEqual({ staffCount: 'auth:errors.staffCountRequired' })
      expect(issues({ ...valid, staffCount: undefined })).toEqual({ staffCount: 'auth:errors.staffCountRequired' })
      expect(issues({ ...valid, staffCount: '0' })).toEqual({ staffCount: 'auth:errors.staffCountRange?max=1000000' })
    })

    it('wants amounts of money in the chosen unit', () => {
      expect(issues({ ...valid, sales: '三千万' })).toEqual({ sales: 'auth:errors.salesInvalid' })
      expect(issues({ ...valid, assets: '-5' })).toEqual({ assets: 'auth:errors.assetsInvalid' })
      expect(issues({ ...valid, assets: '' })).toEqual({ assets: 'auth:errors.assetsRequired' })
      // Fen are the smallest unit: three decimals of 元 are not money.
      expect(issues({ ...valid, sales: '12.345', salesUnit: 'yuan' })).toEqual({ sales: 'auth:errors.salesInvalid' })
      expect(issues({ ...valid, salesUnit: 'kuai' })).toEqual({ salesUnit: 'auth:errors.unitRequired' })
      // 1000亿元 and above is a unit mix-up, not an SME.
      expect(issues({ ...valid, sales: '10000001', salesUnit: 'wan' })).toEqual({ sales: 'auth:errors.amountTooLarge' })
    })

    it('accepts figures above the national SME limits (a warning for the bureau, not a refusal)', () => {
      const r = toRegistration(RegisterSchema.parse({ ...valid, staffCount: '900', sales: '3', salesUnit: 'wan' }))
      expect(r).toMatchObject({ staffCount: 900, salesFen: 3_000_000n })
      expect(RegisterSchema.safeParse({ ...valid, sales: '0', assets: '50000', assetsUnit: 'wan' }).success).toBe(true)
    })
  })

  describe('related parties', () => {
    it('refuses the same institution declared twice', () => {
      expect(
        issues({
          ...valid,
          relatedParties: [
            { institutionId: INSTITUTION_A, relation: 'affiliated' },
            { institutionId: INSTITUTION_A.toUpperCase(), relation: 'shareholding' },
          ],
        }),
      ).toEqual({ 'relatedParties.1.institutionId': 'auth:errors.relatedInstitutionTwice' })
    })

    it('refuses an institution id that is not one', () => {
      expect(issues({ ...valid, relatedParties: [{ institutionId: '42', relation: 'other', note: '共建' }] })).toEqual({
        'relatedParties.0.institutionId': 'auth:errors.relatedInstitutionUnknown',
      })
    })

    it('says what a half-filled row is missing', () => {
      expect(
        issues({
          ...valid,
          relatedParties: [
            { institutionId: INSTITUTION_A },
            { relation: 'shareholding' },
            { institutionId: INSTITUTION_B, relation: 'other' },
          ],
        }),
      ).toEqual({
        'relatedParties.0.relation': 'auth:errors.relationRequired',
        'relatedParties.1.institutionId': 'auth:errors.relatedInstitutionRequired',
        'relatedParties.2.note': 'auth:errors.relatedNoteRequired',
      })
    })

    it('refuses a relation that is not on the list and too many rows', () => {
      expect(issues({ ...valid, relatedParties: [{ institutionId: INSTITUTION_A, relation: 'friend' }] })).toEqual({
        'relatedParties.0.relation': 'auth:errors.relationInvalid',
      })
      expect(issues({ ...valid, relatedParties: Array.from({ length: 11 }, () => ({})) })).toEqual({
        relatedParties: 'auth:errors.relatedTooMany?max=10',
      })
    })
  })

  it('refuses a controller group longer than 100 characters', () => {
    expect(issues({ ...valid, controllerGroup: '集'.repeat(101) })).toEqual({
      controllerGroup: 'auth:errors.controllerGroupTooLong?max=100',
    })
  })

  it('asks for the legal representative and the address', () => {
    expect(issues({ ...valid, legalRep: undefined, address: '达州' })).toEqual({
      legalRep: 'auth:errors.legalRepRequired',
      address: 'auth:errors.addressTooShort',
    })
  })
})

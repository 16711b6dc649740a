import { describe, expect, it } from 'vitest'
import { completeUscc } from '~/features/enterprises/uscc'
import { RegisterSchema } from './schemas'

const valid = {
  name: '张三',
  email: ' Zhang.San@Example.COM ',
  phone: '138 1818 0000',
  password: 'dazhou2026lab',
  confirmPassword: 'dazhou2026lab',
  enterpriseName: '达州示例科技有限公司',
  uscc: completeUscc('91511722MA6ABCDE1'),
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

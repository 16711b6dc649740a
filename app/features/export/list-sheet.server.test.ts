import { describe, expect, it } from 'vitest'
import { fileNamePart, shanghaiDateCell, shanghaiDateTimeCell, yuanCell } from './list-sheet.server'

describe('list-sheet cells', () => {
  it('writes the Asia/Shanghai wall clock (spreadsheets have no zone)', () => {
    // 2026-11-28 17:30 UTC is 2026-11-29 01:30 in Shanghai: the next day.
    const at = new Date('2026-11-28T17:30:00.000Z')
    expect(shanghaiDateTimeCell(at)).toEqual(new Date('2026-11-29T01:30:00.000Z'))
    expect(shanghaiDateCell(at)).toEqual(new Date('2026-11-29T00:00:00.000Z'))
  })

  it('turns fen into a yuan number', () => {
    expect(yuanCell(1_234_567n)).toBe(12_345.67)
    expect(yuanCell(0n)).toBe(0)
  })

  it('keeps an organisation name usable in a file name', () => {
    expect(fileNamePart('四川文理学院/分析测试中心')).toBe('四川文理学院-分析测试中心')
    expect(fileNamePart(' 达州 "检测"\t中心:A*B?<C>|D\\E ')).toBe('达州 -检测- 中心-A-B--C--D-E')
    expect(fileNamePart('x'.repeat(100))).toHaveLength(80)
  })
})

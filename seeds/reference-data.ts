// Reference data (DOMAIN.md): GB/T 2260 regions for Dazhou and the 万达开 partners, and the
// national large-instrument classification (top level, with a second level where useful).

export type RegionRow = {
  id: string
  gbCode: string
  name: string
  nameEn: string
  level: 'province' | 'city' | 'county'
  parentId: string | null
  isPartner?: boolean
  isLocalZone?: boolean
  isHistoric?: boolean
}

export const DAZHOU = '511700'
export const DAZHOU_HIGH_TECH_ZONE = '511700-GX'

export const REGIONS: RegionRow[] = [
  { id: '510000', gbCode: '510000', name: '四川省', nameEn: 'Sichuan', level: 'province', parentId: null },
  { id: '500000', gbCode: '500000', name: '重庆市', nameEn: 'Chongqing', level: 'province', parentId: null },
  { id: DAZHOU, gbCode: DAZHOU, name: '达州市', nameEn: 'Dazhou', level: 'city', parentId: '510000' },
  { id: '511702', gbCode: '511702', name: '通川区', nameEn: 'Tongchuan District', level: 'county', parentId: DAZHOU },
  { id: '511703', gbCode: '511703', name: '达川区', nameEn: 'Dachuan District', level: 'county', parentId: DAZHOU },
  { id: '511722', gbCode: '511722', name: '宣汉县', nameEn: 'Xuanhan County', level: 'county', parentId: DAZHOU },
  { id: '511723', gbCode: '511723', name: '开江县', nameEn: 'Kaijiang County', level: 'county', parentId: DAZHOU },
  { id: '511724', gbCode: '511724', name: '大竹县', nameEn: 'Dazhu County', level: 'county', parentId: DAZHOU },
  { id: '511725', gbCode: '511725', name: '渠县', nameEn: 'Qu County', level: 'county', parentId: DAZHOU },
  { id: '511781', gbCode: '511781', name: '万源市', nameEn: 'Wanyuan', level: 'county', parentId: DAZHOU },
  // 达州高新区 has no GB/T 2260 code of its own: the city code plus a local flag.
  {
    id: DAZHOU_HIGH_TECH_ZONE,
    gbCode: DAZHOU,
    name: '达州高新区',
    nameEn: 'Dazhou High-tech Zone',
    level: 'county',
    parentId: DAZHOU,
    isLocalZone: true,
  },
  // 万达开 partners (Chongqing).
  {
    id: '500101',
    gbCode: '500101',
    name: '万州区',
    nameEn: 'Wanzhou District',
    level: 'county',
    parentId: '500000',
    isPartner: true,
  },
  {
    id: '500154',
    gbCode: '500154',
    name: '开州区',
    nameEn: 'Kaizhou District',
    level: 'county',
    parentId: '500000',
    isPartner: true,
  },
  // Old codes still seen on certificates: map them, never offer them for new records.
  {
    id: '511721',
    gbCode: '511721',
    name: '达县（已撤销，今达川区）',
    nameEn: 'Da County (former, now Dachuan)',
    level: 'county',
    parentId: DAZHOU,
    isHistoric: true,
  },
  {
    id: '500234',
    gbCode: '500234',
    name: '开县（已撤销，今开州区）',
    nameEn: 'Kai County (former, now Kaizhou)',
    level: 'county',
    parentId: '500000',
    isHistoric: true,
    isPartner: true,
  },
]

export type CategoryRow = { code: string; name: string; nameEn: string; parentCode: string | null }

const TOP: [string, string, string][] = [
  ['01', '分析仪器', 'Analytical instruments'],
  ['02', '物理性能测试仪器', 'Physical property testing'],
  ['03', '计量仪器', 'Metrology instruments'],
  ['04', '电子测量仪器', 'Electronic measurement'],
  ['05', '海洋仪器', 'Ocean instruments'],
  ['06', '地球探测仪器', 'Earth exploration'],
  ['07', '大气探测仪器', 'Atmospheric sounding'],
  ['08', '特种检测仪器', 'Special inspection'],
  ['09', '激光器', 'Lasers'],
  ['10', '工艺试验仪器', 'Process testing'],
  ['11', '计算机及其配套设备', 'Computers and peripherals'],
  ['12', '天文仪器', 'Astronomical instruments'],
  ['13', '医学科研仪器', 'Medical research instruments'],
  ['14', '核仪器', 'Nuclear instruments'],
  ['15', '其他仪器', 'Other instruments'],
]

const SECOND: [string, string, string][] = [
  ['0101', '电子光学仪器（电子显微镜）', 'Electron optics (electron microscopes)'],
  ['0102', '质谱仪', 'Mass spectrometers'],
  ['0103', 'X射线仪器', 'X-ray instruments'],
  ['0104', '光谱仪', 'Spectrometers'],
  ['0105', '色谱仪', 'Chromatographs'],
  ['0106', '波谱仪', 'Magnetic resonance spectrometers'],
  ['0107', '电化学仪器', 'Electrochemical instruments'],
  ['0108', '显微镜及图像分析仪器', 'Microscopes and image analysis'],
  ['0109', '热分析仪器', 'Thermal analysis'],
  ['0110', '生化分离分析仪器', 'Biochemical separation and analysis'],
  ['0111', '环境与农业检测仪器', 'Environmental and agricultural testing'],
  ['0112', '样品前处理及制备仪器', 'Sample preparation'],
  ['0199', '其他分析仪器', 'Other analytical instruments'],
  ['0201', '力学性能测试仪器', 'Mechanical testing'],
  ['0202', '大地测量仪器', 'Geodetic instruments'],
  ['0203', '光电测量仪器', 'Photoelectric measurement'],
  ['0204', '声学振动仪器', 'Acoustics and vibration'],
  ['0205', '颗粒度测量仪器', 'Particle size measurement'],
  ['0299', '其他物理性能测试仪器', 'Other physical property testing'],
  ['0301', '长度计量仪器', 'Length metrology'],
  ['0302', '热学计量仪器', 'Thermal metrology'],
  ['0303', '力学计量仪器', 'Mechanical metrology'],
  ['0399', '其他计量仪器', 'Other metrology'],
  ['0401', '通用电子测量仪器', 'General electronic measurement'],
  ['0402', '射频和微波测试仪器', 'RF and microwave testing'],
  ['0403', '通讯测量仪器', 'Communication measurement'],
  ['0499', '其他电子测量仪器', 'Other electronic measurement'],
  ['0801', '无损探伤仪器', 'Non-destructive testing'],
  ['0899', '其他特种检测仪器', 'Other special inspection'],
  ['1001', '环境试验设备', 'Environmental test chambers'],
  ['1002', '加工工艺试验设备', 'Machining process testing'],
  ['1099', '其他工艺试验仪器', 'Other process testing'],
  ['1101', '高性能计算设备', 'High-performance computing'],
  ['1301', '临床检验分析仪器', 'Clinical laboratory analysers'],
  ['1302', '细胞与分子生物学仪器', 'Cell and molecular biology'],
  ['1399', '其他医学科研仪器', 'Other medical research'],
]

export const CATEGORIES: CategoryRow[] = [
  ...TOP.map(([code, name, nameEn]) => ({ code, name, nameEn, parentCode: null })),
  ...SECOND.map(([code, name, nameEn]) => ({ code, name, nameEn, parentCode: code.slice(0, 2) })),
]

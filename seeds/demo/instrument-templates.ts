// Instrument kinds the demo draws from: real models and makers, plausible prices (万元) and
// published reference fees (参考收费标准). Category codes come from seeds/reference-data.ts.
import type { BookingMode, ServiceUnit } from '~/generated/prisma/client'

export type Variant = { model: string; manufacturer: string; country: string; wan: [number, number] }

export type ServiceTemplate = {
  name: string
  nameEn: string
  unit: ServiceUnit
  /** Whole yuan; stored as fen. */
  feeYuan: number
  min?: number
  description?: string
}

export type InstrumentTemplate = {
  name: string
  nameEn: string
  category: string
  variants: Variant[]
  specifications: string
  researchFields: string
  uses: string
  accessories?: string
  bookingMode?: BookingMode
  services: ServiceTemplate[]
}

const CN = '中国'
const US = '美国'
const JP = '日本'
const DE = '德国'
const UK = '英国'
const CH = '瑞士'

export const TEMPLATES: InstrumentTemplate[] = [
  {
    name: '气相色谱仪',
    nameEn: 'Gas chromatograph',
    category: '0105',
    variants: [
      { model: '8890', manufacturer: 'Agilent 安捷伦', country: US, wan: [32, 48] },
      { model: 'GC-2030', manufacturer: 'Shimadzu 岛津', country: JP, wan: [30, 45] },
      { model: 'GC7980', manufacturer: '天美 Techcomp', country: CN, wan: [12, 20] },
      { model: 'TRACE 1610', manufacturer: 'Thermo Fisher 赛默飞', country: US, wan: [35, 50] },
    ],
    specifications: '柱温箱：室温+4 ℃～450 ℃；检测器：FID、ECD、NPD；进样方式：分流/不分流、顶空、自动进样器（150位）',
    researchFields: '化学，环境科学，食品科学，农学',
    uses: '挥发性、半挥发性有机物定性定量分析；农药残留、溶剂残留、脂肪酸组成测定',
    accessories: '顶空进样器，自动进样器，色谱工作站',
    services: [
      {
        name: '气相色谱常规分析',
        nameEn: 'Routine GC analysis',
        unit: 'sample',
        feeYuan: 300,
        description: '含单一方法的定量分析，每样品2针平行',
      },
      { name: '气相色谱方法开发', nameEn: 'GC method development', unit: 'item', feeYuan: 1500 },
    ],
  },
  {
    name: '高效液相色谱仪',
    nameEn: 'High-performance liquid chromatograph',
    category: '0105',
    variants: [
      { model: 'e2695', manufacturer: 'Waters 沃特世', country: US, wan: [38, 55] },
      { model: '1260 Infinity II', manufacturer: 'Agilent 安捷伦', country: US, wan: [35, 52] },
      { model: 'LC-20AT', manufacturer: 'Shimadzu 岛津', country: JP, wan: [28, 40] },
      { model: 'LC3200', manufacturer: '依利特 Elite', country: CN, wan: [15, 22] },
    ],
    specifications:
      '四元梯度泵，流速0.001～10 mL/min；检测器：二极管阵列（190～950 nm）、荧光、示差折光；柱温箱5～90 ℃',
    researchFields: '分析化学，药学，食品科学，生物化学',
    uses: '药物含量与有关物质、食品添加剂、维生素、黄酮类等化合物的分离与定量',
    accessories: '自动进样器，二极管阵列检测器，荧光检测器',
    services: [
      { name: '液相色谱常规分析', nameEn: 'Routine HPLC analysis', unit: 'sample', feeYuan: 260 },
      { name: '液相色谱机时', nameEn: 'HPLC instrument time', unit: 'hour', feeYuan: 120, min: 2 },
    ],
  },
  {
    name: '离子色谱仪',
    nameEn: 'Ion chromatograph',
    category: '0105',
    variants: [
      { model: 'Dionex ICS-6000', manufacturer: 'Thermo Fisher 赛默飞', country: US, wan: [40, 60] },
      { model: '930 Compact IC Flex', manufacturer: 'Metrohm 万通', country: CH, wan: [30, 45] },
      { model: 'CIC-D160', manufacturer: '青岛盛瀚', country: CN, wan: [12, 18] },
    ],
    specifications: '电导检测器，抑制器；淋洗液自动发生；阴离子F⁻、Cl⁻、NO₃⁻、SO₄²⁻检出限≤0.01 mg/L',
    researchFields: '环境科学，水处理，食品安全',
    uses: '水质、土壤浸提液、食品中常见阴阳离子及有机酸测定',
    services: [{ name: '阴/阳离子分析', nameEn: 'Anion / cation analysis', unit: 'sample', feeYuan: 200 }],
  },
  {
    name: '超高效液相色谱仪',
    nameEn: 'Ultra-performance liquid chromatograph',
    category: '0105',
    variants: [
      { model: 'ACQUITY UPLC H-Class Plus', manufacturer: 'Waters 沃特世', country: US, wan: [60, 80] },
      { model: 'Vanquish Flex', manufacturer: 'Thermo Fisher 赛默飞', country: US, wan: [58, 78] },
    ],
    specifications: '耐压≥15000 psi；PDA检测器190～800 nm；样品管理器温控4～40 ℃',
    researchFields: '药物分析，代谢组学，天然产物化学',
    uses: '复杂样品快速分离，中药指纹图谱，有关物质检查',
    services: [{ name: '超高效液相色谱分析', nameEn: 'UPLC analysis', unit: 'sample', feeYuan: 350 }],
  },
  {
    name: '天然气组分分析仪',
    nameEn: 'Natural gas composition analyser (GC)',
    category: '0105',
    variants: [
      { model: '8890 天然气分析系统', manufacturer: 'Agilent 安捷伦', country: US, wan: [55, 75] },
      { model: 'Nexis GC-2030 NGA', manufacturer: 'Shimadzu 岛津', country: JP, wan: [50, 70] },
    ],
    specifications: '三阀四柱系统，TCD+FID双检测器；按GB/T 13610分析C1～C6+、N₂、CO₂、H₂S；发热量计算',
    researchFields: '天然气化工，能源',
    uses: '天然气、液化气、炼厂气组分与热值分析；硫化物形态分析',
    services: [
      { name: '天然气全组分分析', nameEn: 'Full natural gas composition', unit: 'sample', feeYuan: 400 },
      { name: '硫化物形态分析', nameEn: 'Sulphur speciation', unit: 'sample', feeYuan: 600 },
    ],
  },
  {
    name: '气相色谱-质谱联用仪',
    nameEn: 'Gas chromatograph–mass spectrometer (GC-MS)',
    category: '0102',
    variants: [
      { model: '8890-5977B', manufacturer: 'Agilent 安捷伦', country: US, wan: [75, 110] },
      { model: 'GCMS-QP2020 NX', manufacturer: 'Shimadzu 岛津', country: JP, wan: [65, 95] },
      { model: 'ISQ 7610', manufacturer: 'Thermo Fisher 赛默飞', country: US, wan: [70, 100] },
    ],
    specifications: 'EI源，质量范围1.5～1090 amu；扫描速度20000 u/s；NIST 20谱库；配顶空与热脱附',
    researchFields: '分析化学，环境科学，食品安全，香精香料',
    uses: '未知挥发性有机物定性、农药多残留筛查、香气成分分析、环境有机污染物测定',
    accessories: 'NIST谱库，顶空进样器，热脱附仪',
    services: [
      { name: 'GC-MS定性分析', nameEn: 'GC-MS identification', unit: 'sample', feeYuan: 600 },
      { name: 'GC-MS定量分析', nameEn: 'GC-MS quantification', unit: 'sample', feeYuan: 800, min: 3 },
    ],
  },
  {
    name: '液相色谱-串联质谱联用仪',
    nameEn: 'Liquid chromatograph–tandem mass spectrometer (LC-MS/MS)',
    category: '0102',
    variants: [
      { model: 'Xevo TQ-S micro', manufacturer: 'Waters 沃特世', country: US, wan: [180, 260] },
      { model: 'Triple Quad 5500+', manufacturer: 'SCIEX', country: US, wan: [220, 300] },
      { model: '6470B', manufacturer: 'Agilent 安捷伦', country: US, wan: [200, 280] },
    ],
    specifications: 'ESI/APCI源；三重四极杆，质量范围5～2000 m/z；MRM通道≥500/s；正负离子快速切换',
    researchFields: '食品安全，药物代谢，兽药残留，临床质谱',
    uses: '兽药、农药、真菌毒素残留的高灵敏定量；药代动力学样品分析',
    services: [
      { name: 'LC-MS/MS定量分析', nameEn: 'LC-MS/MS quantification', unit: 'sample', feeYuan: 1000 },
      { name: '质谱方法开发', nameEn: 'MS method development', unit: 'item', feeYuan: 5000 },
    ],
  },
  {
    name: '电感耦合等离子体质谱仪',
    nameEn: 'Inductively coupled plasma mass spectrometer (ICP-MS)',
    category: '0102',
    variants: [
      { model: '7900', manufacturer: 'Agilent 安捷伦', country: US, wan: [110, 160] },
      { model: 'iCAP RQ', manufacturer: 'Thermo Fisher 赛默飞', country: US, wan: [105, 150] },
      { model: 'EXPEC 7000', manufacturer: '聚光科技 FPI', country: CN, wan: [70, 95] },
    ],
    specifications: '质量范围2～260 amu；碰撞反应池（He模式）；检出限：多数元素≤1 ng/L；同位素比测定',
    researchFields: '环境科学，地球化学，食品安全，富硒农业',
    uses: '痕量与超痕量元素分析：重金属、硒形态、稀土元素；食品与土壤中多元素同时测定',
    services: [
      {
        name: '多元素分析（≤10个元素）',
        nameEn: 'Multi-element analysis (≤10 elements)',
        unit: 'sample',
        feeYuan: 500,
      },
      { name: '硒形态分析', nameEn: 'Selenium speciation', unit: 'sample', feeYuan: 900 },
    ],
  },
  {
    name: '高分辨液质联用仪',
    nameEn: 'High-resolution LC-MS (Orbitrap)',
    category: '0102',
    variants: [
      { model: 'Q Exactive Plus', manufacturer: 'Thermo Fisher 赛默飞', country: US, wan: [380, 460] },
      { model: 'Xevo G2-XS QTof', manufacturer: 'Waters 沃特世', country: US, wan: [320, 400] },
    ],
    specifications: '分辨率≥140000 (m/z 200)；质量精度<3 ppm；配UHPLC；非靶向筛查数据库',
    researchFields: '代谢组学，蛋白质组学，天然产物',
    uses: '未知物结构鉴定、代谢组学、中药成分非靶向筛查',
    services: [
      { name: '高分辨质谱分析', nameEn: 'High-resolution MS analysis', unit: 'sample', feeYuan: 1500 },
      {
        name: '代谢组学分析（含数据处理）',
        nameEn: 'Metabolomics incl. data processing',
        unit: 'sample',
        feeYuan: 2500,
        min: 6,
      },
    ],
  },
  {
    name: '扫描电子显微镜',
    nameEn: 'Scanning electron microscope (SEM)',
    category: '0101',
    variants: [
      { model: 'Sigma 300', manufacturer: 'ZEISS 蔡司', country: DE, wan: [260, 360] },
      { model: 'SU8010', manufacturer: 'Hitachi 日立', country: JP, wan: [280, 380] },
      { model: 'JSM-IT500', manufacturer: 'JEOL 日本电子', country: JP, wan: [150, 220] },
      { model: 'SEM3200', manufacturer: '国仪量子', country: CN, wan: [90, 130] },
    ],
    specifications: '分辨率1.0 nm@15 kV、1.6 nm@1 kV；放大倍数12～1000000×；配能谱仪（EDS）；样品台X/Y 130 mm',
    researchFields: '材料科学，地质，生物学，失效分析',
    uses: '材料表面形貌观察、断口分析、微区成分分析、颗粒与纤维形貌表征',
    accessories: '能谱仪（EDS），离子溅射仪，临界点干燥仪',
    services: [
      { name: '扫描电镜测试', nameEn: 'SEM imaging', unit: 'hour', feeYuan: 600 },
      { name: '能谱（EDS）分析', nameEn: 'EDS analysis', unit: 'sample', feeYuan: 200 },
      { name: '样品喷金/喷碳', nameEn: 'Sputter coating', unit: 'sample', feeYuan: 30 },
    ],
  },
  {
    name: '场发射透射电子显微镜',
    nameEn: 'Field-emission transmission electron microscope (TEM)',
    category: '0101',
    variants: [
      { model: 'JEM-2100F', manufacturer: 'JEOL 日本电子', country: JP, wan: [800, 1100] },
      { model: 'Talos F200X', manufacturer: 'Thermo Fisher 赛默飞', country: US, wan: [1200, 1500] },
    ],
    specifications: '加速电压200 kV；点分辨率0.23 nm；STEM-HAADF；配能谱面扫描',
    researchFields: '纳米材料，催化，结构生物学',
    uses: '纳米颗粒形貌与晶格像、选区电子衍射、元素面分布',
    services: [
      { name: '透射电镜测试', nameEn: 'TEM session', unit: 'hour', feeYuan: 1500 },
      { name: '透射电镜制样（超薄切片）', nameEn: 'TEM sample preparation', unit: 'sample', feeYuan: 400 },
    ],
  },
  {
    name: '电感耦合等离子体发射光谱仪',
    nameEn: 'ICP optical emission spectrometer (ICP-OES)',
    category: '0104',
    variants: [
      { model: '5110', manufacturer: 'Agilent 安捷伦', country: US, wan: [55, 75] },
      { model: 'iCAP PRO', manufacturer: 'Thermo Fisher 赛默飞', country: US, wan: [55, 72] },
      { model: 'ICP-5000', manufacturer: '聚光科技 FPI', country: CN, wan: [35, 48] },
    ],
    specifications: '波长范围167～785 nm；垂直双向观测；多数元素检出限μg/L级；线性范围6个数量级',
    researchFields: '冶金，环境，地质，材料',
    uses: '金属材料、矿石、土壤、水质中常量与微量元素测定',
    services: [{ name: 'ICP-OES多元素分析', nameEn: 'ICP-OES multi-element', unit: 'sample', feeYuan: 300 }],
  },
  {
    name: '原子吸收分光光度计',
    nameEn: 'Atomic absorption spectrophotometer (AAS)',
    category: '0104',
    variants: [
      { model: 'TAS-990', manufacturer: '北京普析通用', country: CN, wan: [12, 18] },
      { model: 'AA-7000', manufacturer: 'Shimadzu 岛津', country: JP, wan: [30, 45] },
      { model: 'PinAAcle 900T', manufacturer: 'PerkinElmer 珀金埃尔默', country: US, wan: [35, 48] },
    ],
    specifications: '火焰/石墨炉一体；波长190～900 nm；塞曼背景校正；铅、镉石墨炉检出限≤0.1 μg/L',
    researchFields: '食品安全，环境监测，农产品质量',
    uses: '食品、饲料、土壤中铅、镉、铜、锌等金属元素测定',
    services: [{ name: '单元素测定', nameEn: 'Single element determination', unit: 'sample', feeYuan: 150 }],
  },
  {
    name: '傅里叶变换红外光谱仪',
    nameEn: 'Fourier-transform infrared spectrometer (FTIR)',
    category: '0104',
    variants: [
      { model: 'Nicolet iS50', manufacturer: 'Thermo Fisher 赛默飞', country: US, wan: [45, 65] },
      { model: 'INVENIO S', manufacturer: 'Bruker 布鲁克', country: DE, wan: [50, 70] },
      { model: 'IRTracer-100', manufacturer: 'Shimadzu 岛津', country: JP, wan: [35, 50] },
    ],
    specifications: '光谱范围7800～350 cm⁻¹；分辨率优于0.09 cm⁻¹；ATR、漫反射、红外显微附件',
    researchFields: '高分子材料，有机化学，药物分析',
    uses: '有机物官能团鉴定、高分子材料成分剖析、异物分析',
    services: [{ name: '红外光谱测试', nameEn: 'FTIR measurement', unit: 'sample', feeYuan: 150 }],
  },
  {
    name: '紫外可见分光光度计',
    nameEn: 'UV-Vis spectrophotometer',
    category: '0104',
    variants: [
      { model: 'TU-1950', manufacturer: '北京普析通用', country: CN, wan: [4, 7] },
      { model: 'UV-2600i', manufacturer: 'Shimadzu 岛津', country: JP, wan: [15, 25] },
      { model: 'Cary 3500', manufacturer: 'Agilent 安捷伦', country: US, wan: [25, 35] },
    ],
    specifications: '波长范围190～1100 nm；光谱带宽0.1～5 nm可调；配积分球',
    researchFields: '分析化学，生物化学，材料',
    uses: '溶液吸光度与含量测定、固体漫反射光谱、禁带宽度测定',
    bookingMode: 'self_operated',
    services: [{ name: '紫外可见光谱测试', nameEn: 'UV-Vis measurement', unit: 'sample', feeYuan: 80 }],
  },
  {
    name: '激光共聚焦拉曼光谱仪',
    nameEn: 'Confocal Raman spectrometer',
    category: '0104',
    variants: [
      { model: 'LabRAM HR Evolution', manufacturer: 'HORIBA 堀场', country: JP, wan: [150, 210] },
      { model: 'inVia Qontor', manufacturer: 'Renishaw 雷尼绍', country: UK, wan: [140, 200] },
    ],
    specifications: '激发波长532/633/785 nm；光谱分辨率≤0.35 cm⁻¹；空间分辨率横向≤0.5 μm；面扫描成像',
    researchFields: '碳材料，半导体，矿物学，文物分析',
    uses: '石墨烯、碳纳米管结构表征；矿物与宝石鉴定；应力分布成像',
    services: [{ name: '拉曼光谱测试', nameEn: 'Raman measurement', unit: 'hour', feeYuan: 400 }],
  },
  {
    name: '原子荧光光谱仪',
    nameEn: 'Atomic fluorescence spectrometer (AFS)',
    category: '0104',
    variants: [
      { model: 'AFS-9700', manufacturer: '北京海光仪器', country: CN, wan: [8, 12] },
      { model: 'AFS-8520', manufacturer: '北京海光仪器', country: CN, wan: [7, 10] },
    ],
    specifications: '双道同时测定；砷、汞、硒、锑、铋检出限≤0.01 μg/L',
    researchFields: '富硒农业，食品安全，环境监测',
    uses: '农产品与土壤中硒、砷、汞含量测定（富硒认定）',
    services: [{ name: '硒/砷/汞测定', nameEn: 'Se / As / Hg determination', unit: 'sample', feeYuan: 120 }],
  },
  {
    name: '近红外谷物分析仪',
    nameEn: 'Near-infrared grain analyser',
    category: '0104',
    variants: [
      { model: 'Infratec Nova', manufacturer: 'FOSS 福斯', country: '丹麦', wan: [30, 42] },
      { model: 'DA 7250', manufacturer: 'PerkinElmer 珀金埃尔默', country: US, wan: [28, 38] },
    ],
    specifications: '波长570～1100 nm；整粒谷物无损检测；水分、蛋白质、脂肪、淀粉同时测定',
    researchFields: '作物育种，粮油品质',
    uses: '水稻、玉米、油菜籽品质快速测定，育种材料筛选',
    bookingMode: 'self_operated',
    services: [{ name: '近红外品质测定', nameEn: 'NIR quality test', unit: 'sample', feeYuan: 50, min: 10 }],
  },
  {
    name: 'X射线衍射仪',
    nameEn: 'X-ray diffractometer (XRD)',
    category: '0103',
    variants: [
      { model: 'D8 ADVANCE', manufacturer: 'Bruker 布鲁克', country: DE, wan: [120, 180] },
      { model: 'SmartLab SE', manufacturer: 'Rigaku 理学', country: JP, wan: [110, 160] },
      { model: 'DX-2700B', manufacturer: '丹东浩元', country: CN, wan: [45, 65] },
    ],
    specifications: 'Cu靶，3 kW；测角仪精度0.0001°；LYNXEYE阵列探测器；可做变温、薄膜掠入射',
    researchFields: '材料科学，矿物学，化学，锂电材料',
    uses: '物相定性定量、晶粒尺寸、结晶度、残余应力分析',
    services: [
      { name: 'XRD常规物相分析', nameEn: 'XRD phase analysis', unit: 'sample', feeYuan: 200 },
      { name: 'XRD精修（Rietveld）', nameEn: 'Rietveld refinement', unit: 'sample', feeYuan: 600 },
    ],
  },
  {
    name: '波长色散X射线荧光光谱仪',
    nameEn: 'Wavelength-dispersive X-ray fluorescence spectrometer (WDXRF)',
    category: '0103',
    variants: [
      { model: 'S8 TIGER', manufacturer: 'Bruker 布鲁克', country: DE, wan: [90, 140] },
      { model: "ARL PERFORM'X", manufacturer: 'Thermo Fisher 赛默飞', country: US, wan: [95, 145] },
    ],
    specifications: '元素范围Be～U；4 kW端窗铑靶；含量范围ppm～100%；无标样定量软件',
    researchFields: '建材，冶金，地质，玄武岩纤维',
    uses: '水泥、玄武岩、矿石、合金主次量元素快速分析',
    services: [{ name: 'XRF全元素半定量', nameEn: 'XRF semi-quantitative scan', unit: 'sample', feeYuan: 300 }],
  },
  {
    name: 'X射线光电子能谱仪',
    nameEn: 'X-ray photoelectron spectrometer (XPS)',
    category: '0103',
    variants: [
      { model: 'ESCALAB Xi+', manufacturer: 'Thermo Fisher 赛默飞', country: US, wan: [450, 560] },
      { model: 'AXIS Supra+', manufacturer: 'Kratos 岛津', country: UK, wan: [430, 520] },
    ],
    specifications: '单色化Al Kα；能量分辨率≤0.45 eV；Ar离子刻蚀深度剖析；成像XPS',
    researchFields: '表面科学，催化，电池材料',
    uses: '表面元素组成与化学态分析、深度剖析',
    services: [
      { name: 'XPS全谱+精细谱', nameEn: 'XPS survey + high-resolution', unit: 'sample', feeYuan: 800 },
      { name: 'XPS深度剖析', nameEn: 'XPS depth profiling', unit: 'hour', feeYuan: 1000 },
    ],
  },
  {
    name: '核磁共振波谱仪',
    nameEn: 'Nuclear magnetic resonance spectrometer (NMR)',
    category: '0106',
    variants: [
      { model: 'AVANCE NEO 400', manufacturer: 'Bruker 布鲁克', country: DE, wan: [300, 420] },
      { model: 'JNM-ECZ400S', manufacturer: 'JEOL 日本电子', country: JP, wan: [280, 380] },
    ],
    specifications: '400 MHz；5 mm BBFO宽带探头；变温-150～+150 ℃；自动进样器24位',
    researchFields: '有机化学，药物化学，天然产物',
    uses: '有机化合物结构鉴定：¹H、¹³C、DEPT、二维谱（COSY、HSQC、HMBC）',
    services: [
      { name: '¹H谱', nameEn: '¹H spectrum', unit: 'sample', feeYuan: 200 },
      { name: '¹³C谱', nameEn: '¹³C spectrum', unit: 'sample', feeYuan: 400 },
      { name: '二维谱（每种）', nameEn: '2D spectrum (each)', unit: 'item', feeYuan: 600 },
    ],
  },
  {
    name: '同步热分析仪',
    nameEn: 'Simultaneous thermal analyser (TG-DSC)',
    category: '0109',
    variants: [
      { model: 'STA 449 F5 Jupiter', manufacturer: 'NETZSCH 耐驰', country: DE, wan: [50, 75] },
      { model: 'TGA/DSC 3+', manufacturer: 'METTLER TOLEDO 梅特勒-托利多', country: CH, wan: [45, 65] },
    ],
    specifications: '温度范围室温～1600 ℃；天平灵敏度0.1 μg；气氛N₂/Ar/空气/O₂；可联用红外',
    researchFields: '材料科学，高分子，能源化工',
    uses: '热稳定性、分解温度、相变焓、组分含量测定',
    services: [{ name: 'TG-DSC测试（≤1000 ℃）', nameEn: 'TG-DSC run (≤1000 °C)', unit: 'sample', feeYuan: 200 }],
  },
  {
    name: '差示扫描量热仪',
    nameEn: 'Differential scanning calorimeter (DSC)',
    category: '0109',
    variants: [
      { model: 'DSC 2500', manufacturer: 'TA Instruments', country: US, wan: [35, 48] },
      { model: 'DSC 214 Polyma', manufacturer: 'NETZSCH 耐驰', country: DE, wan: [28, 40] },
    ],
    specifications: '温度范围-90～600 ℃；量热精度±0.05%；调制DSC',
    researchFields: '高分子，食品，药物晶型',
    uses: '玻璃化转变、熔融结晶、氧化诱导期测定',
    services: [{ name: 'DSC测试', nameEn: 'DSC run', unit: 'sample', feeYuan: 150 }],
  },
  {
    name: '全自动氨基酸分析仪',
    nameEn: 'Automatic amino acid analyser',
    category: '0110',
    variants: [{ model: 'LA8080', manufacturer: 'Hitachi 日立', country: JP, wan: [55, 70] }],
    specifications: '茚三酮柱后衍生；蛋白水解氨基酸17种/生理体液40余种；分析时间≤30 min',
    researchFields: '食品营养，饲料，作物品质',
    uses: '食品、饲料、茶叶中水解及游离氨基酸测定',
    services: [{ name: '17种水解氨基酸', nameEn: '17 hydrolysed amino acids', unit: 'sample', feeYuan: 400 }],
  },
  {
    name: '全自动凯氏定氮仪',
    nameEn: 'Automatic Kjeldahl analyser',
    category: '0110',
    variants: [
      { model: 'Kjeltec 8400', manufacturer: 'FOSS 福斯', country: '丹麦', wan: [22, 30] },
      { model: 'K1100', manufacturer: '济南海能', country: CN, wan: [6, 9] },
    ],
    specifications: '测量范围0.1～200 mg N；回收率≥99.5%；自动滴定',
    researchFields: '食品，饲料，农产品',
    uses: '蛋白质、总氮含量测定',
    bookingMode: 'self_operated',
    services: [{ name: '蛋白质测定', nameEn: 'Protein determination', unit: 'sample', feeYuan: 80 }],
  },
  {
    name: '蛋白纯化系统',
    nameEn: 'Protein purification system',
    category: '0110',
    variants: [{ model: 'ÄKTA pure 25', manufacturer: 'Cytiva 思拓凡', country: US, wan: [38, 50] }],
    specifications: '流速0.001～25 mL/min；压力≤20 MPa；UV/电导/pH在线监测；自动收集',
    researchFields: '生物化学，生物制药',
    uses: '蛋白质亲和、离子交换、分子筛层析纯化',
    bookingMode: 'self_operated',
    services: [{ name: '仪器使用（自操作）', nameEn: 'Self-operated use', unit: 'hour', feeYuan: 100, min: 2 }],
  },
  {
    name: '总有机碳分析仪',
    nameEn: 'Total organic carbon analyser (TOC)',
    category: '0111',
    variants: [
      { model: 'TOC-L CPH', manufacturer: 'Shimadzu 岛津', country: JP, wan: [30, 42] },
      { model: 'vario TOC cube', manufacturer: 'Elementar 元素', country: DE, wan: [35, 48] },
    ],
    specifications: '680 ℃催化燃烧氧化；测量范围4 μg/L～30000 mg/L；配固体模块',
    researchFields: '水环境，土壤',
    uses: '地表水、废水、土壤中TOC、TN测定',
    services: [{ name: 'TOC测定', nameEn: 'TOC determination', unit: 'sample', feeYuan: 150 }],
  },
  {
    name: '微波消解仪',
    nameEn: 'Microwave digestion system',
    category: '0112',
    variants: [
      { model: 'MARS 6', manufacturer: 'CEM', country: US, wan: [25, 35] },
      { model: 'Multiwave 7000', manufacturer: 'Anton Paar 安东帕', country: '奥地利', wan: [50, 65] },
      { model: 'MDS-10', manufacturer: '上海新仪', country: CN, wan: [8, 12] },
    ],
    specifications: '最高温度300 ℃、压力199 bar；40位高通量转子；温压双控',
    researchFields: '元素分析前处理',
    uses: '土壤、食品、生物样品的酸消解前处理',
    services: [{ name: '微波消解前处理', nameEn: 'Microwave digestion', unit: 'sample', feeYuan: 100 }],
  },
  {
    name: '元素分析仪',
    nameEn: 'Elemental analyser (CHNS/O)',
    category: '0199',
    variants: [
      { model: 'vario EL cube', manufacturer: 'Elementar 元素', country: DE, wan: [55, 70] },
      { model: 'FlashSmart', manufacturer: 'Thermo Fisher 赛默飞', country: US, wan: [50, 66] },
    ],
    specifications: 'CHNS/O模式；称样量0.02～1000 mg；精度≤0.1% abs',
    researchFields: '有机化学，能源，材料',
    uses: '有机物、煤、催化剂中碳氢氮硫氧含量',
    services: [{ name: 'CHNS测定', nameEn: 'CHNS determination', unit: 'sample', feeYuan: 200 }],
  },
  {
    name: '电化学工作站',
    nameEn: 'Electrochemical workstation',
    category: '0107',
    variants: [
      { model: 'CHI760E', manufacturer: '上海辰华', country: CN, wan: [6, 9] },
      { model: 'PGSTAT302N', manufacturer: 'Metrohm Autolab 万通', country: '荷兰', wan: [30, 40] },
    ],
    specifications: '电位范围±10 V；电流范围±2 A；阻抗10 μHz～1 MHz',
    researchFields: '电化学，电池材料，腐蚀',
    uses: '循环伏安、交流阻抗、恒电流充放电、腐蚀速率测试',
    bookingMode: 'self_operated',
    services: [{ name: '仪器使用（自操作）', nameEn: 'Self-operated use', unit: 'hour', feeYuan: 80, min: 2 }],
  },
  {
    name: '激光扫描共聚焦显微镜',
    nameEn: 'Confocal laser scanning microscope',
    category: '0108',
    variants: [
      { model: 'LSM 900', manufacturer: 'ZEISS 蔡司', country: DE, wan: [260, 360] },
      { model: 'STELLARIS 5', manufacturer: 'Leica 徕卡', country: DE, wan: [280, 380] },
      { model: 'AX', manufacturer: 'Nikon 尼康', country: JP, wan: [240, 320] },
    ],
    specifications: '激光405/488/561/640 nm；4通道检测；Airyscan超分辨；活细胞培养系统',
    researchFields: '细胞生物学，神经科学，肿瘤学',
    uses: '细胞与组织多色荧光成像、三维重构、活细胞动态观察',
    services: [
      { name: '共聚焦成像', nameEn: 'Confocal imaging', unit: 'hour', feeYuan: 400 },
      {
        name: '共聚焦成像（自操作）',
        nameEn: 'Confocal imaging (self-operated)',
        unit: 'hour',
        feeYuan: 250,
        description: '需完成平台上机培训',
      },
    ],
  },
  {
    name: '电子万能试验机',
    nameEn: 'Universal testing machine',
    category: '0201',
    variants: [
      { model: '5985', manufacturer: 'Instron 英斯特朗', country: US, wan: [90, 130] },
      { model: 'UTM5105', manufacturer: '深圳三思纵横', country: CN, wan: [18, 26] },
      { model: 'E45.105', manufacturer: 'MTS 美特斯', country: US, wan: [40, 55] },
    ],
    specifications: '最大试验力100 kN；力值精度±0.5%；横梁速度0.001～1000 mm/min；高低温环境箱-70～350 ℃',
    researchFields: '材料力学，机械工程，纺织材料',
    uses: '金属、塑料、复合材料、纤维的拉伸、压缩、弯曲性能测试',
    services: [
      {
        name: '拉伸性能测试',
        nameEn: 'Tensile test',
        unit: 'sample',
        feeYuan: 200,
        min: 5,
        description: '每组不少于5个平行样',
      },
      { name: '弯曲/压缩性能测试', nameEn: 'Flexural / compression test', unit: 'sample', feeYuan: 180, min: 5 },
    ],
  },
  {
    name: '激光粒度分析仪',
    nameEn: 'Laser particle size analyser',
    category: '0205',
    variants: [
      { model: 'Mastersizer 3000', manufacturer: 'Malvern Panalytical 马尔文帕纳科', country: UK, wan: [45, 60] },
      { model: 'Bettersize2600', manufacturer: '丹东百特', country: CN, wan: [18, 25] },
    ],
    specifications: '测量范围0.01～3500 μm；湿法/干法分散；重复性误差≤0.5%',
    researchFields: '粉体材料，建材，制药',
    uses: '粉体、浆料、乳液的粒径分布测定',
    services: [{ name: '粒度分布测试', nameEn: 'Particle size distribution', unit: 'sample', feeYuan: 150 }],
  },
  {
    name: '比表面积及孔径分析仪',
    nameEn: 'Surface area and porosity analyser (BET)',
    category: '0205',
    variants: [
      { model: 'ASAP 2460', manufacturer: 'Micromeritics 麦克', country: US, wan: [55, 75] },
      { model: 'JW-BK200C', manufacturer: '北京精微高博', country: CN, wan: [15, 22] },
    ],
    specifications: '比表面积≥0.0005 m²/g；孔径0.35～500 nm；三站并行；77 K N₂吸附',
    researchFields: '催化，吸附材料，电池材料',
    uses: '催化剂、分子筛、活性炭比表面积与孔径分布测定',
    services: [
      { name: 'BET比表面积', nameEn: 'BET surface area', unit: 'sample', feeYuan: 300 },
      { name: '全孔径分布', nameEn: 'Full pore size distribution', unit: 'sample', feeYuan: 600 },
    ],
  },
  {
    name: '三坐标测量机',
    nameEn: 'Coordinate measuring machine (CMM)',
    category: '0301',
    variants: [
      { model: 'GLOBAL S 09.15.08', manufacturer: 'Hexagon 海克斯康', country: '瑞典', wan: [90, 140] },
      { model: 'CONTURA 10/16/6', manufacturer: 'ZEISS 蔡司', country: DE, wan: [110, 160] },
    ],
    specifications: '行程900×1500×800 mm；示值误差MPEE≤1.5+L/333 μm；扫描测头',
    researchFields: '精密制造，汽车零部件，模具',
    uses: '零部件尺寸与形位公差检测、逆向工程',
    services: [{ name: '三坐标检测', nameEn: 'CMM inspection', unit: 'hour', feeYuan: 400, min: 2 }],
  },
  {
    name: '高低温湿热试验箱',
    nameEn: 'Temperature and humidity chamber',
    category: '1001',
    variants: [
      { model: 'PL-3KPH', manufacturer: 'ESPEC 爱斯佩克', country: JP, wan: [25, 35] },
      { model: 'GDJS-500', manufacturer: '重庆银河试验仪器', country: CN, wan: [8, 14] },
    ],
    specifications: '温度范围-70～150 ℃；湿度20%～98%RH；内容积408 L',
    researchFields: '电子电工，汽车零部件，新材料',
    uses: '产品高低温、湿热、温度循环环境适应性试验',
    bookingMode: 'self_operated',
    services: [{ name: '环境试验箱使用', nameEn: 'Chamber time', unit: 'hour', feeYuan: 80, min: 8 }],
  },
  {
    name: '工业CT',
    nameEn: 'Industrial computed tomography (CT)',
    category: '0801',
    variants: [
      { model: 'METROTOM 1500', manufacturer: 'ZEISS 蔡司', country: DE, wan: [450, 600] },
      { model: 'nanoVoxel-3000', manufacturer: '天津三英精密', country: CN, wan: [260, 360] },
    ],
    specifications: '最大管电压225 kV；空间分辨率≤3 μm；最大样品Φ350×400 mm；尺寸测量与缺陷分析软件',
    researchFields: '无损检测，铸造，复合材料，电池',
    uses: '内部缺陷（气孔、夹杂、裂纹）检测，孔隙率分析，尺寸测量',
    services: [
      { name: '工业CT扫描', nameEn: 'CT scan', unit: 'hour', feeYuan: 1200 },
      { name: '三维重构与缺陷分析报告', nameEn: '3D reconstruction and defect report', unit: 'item', feeYuan: 800 },
    ],
  },
  {
    name: '矢量网络分析仪',
    nameEn: 'Vector network analyser',
    category: '0402',
    variants: [
      { model: 'E5080B', manufacturer: 'Keysight 是德科技', country: US, wan: [70, 120] },
      { model: 'ZNB20', manufacturer: 'Rohde & Schwarz 罗德与施瓦茨', country: DE, wan: [80, 130] },
      { model: 'AV3672D', manufacturer: '中电科思仪', country: CN, wan: [45, 65] },
    ],
    specifications: '频率范围9 kHz～20 GHz；动态范围≥140 dB；4端口；时域分析',
    researchFields: '射频微波，天线，通信',
    uses: '天线、滤波器、射频器件S参数测试',
    services: [{ name: '矢网测试', nameEn: 'VNA measurement', unit: 'hour', feeYuan: 300 }],
  },
  {
    name: '高性能计算集群',
    nameEn: 'High-performance computing cluster',
    category: '1101',
    variants: [
      { model: 'TC6600（1280核+8×A800）', manufacturer: '中科曙光', country: CN, wan: [380, 520] },
      { model: 'NF5468M6 集群', manufacturer: '浪潮 Inspur', country: CN, wan: [300, 450] },
    ],
    specifications: 'CPU 1280核，GPU 8卡，内存10 TB，并行存储500 TB，100 Gb InfiniBand',
    researchFields: '计算化学，流体力学，人工智能',
    uses: '分子模拟、有限元与CFD计算、深度学习模型训练',
    bookingMode: 'self_operated',
    services: [
      { name: 'GPU卡时', nameEn: 'GPU card-hour', unit: 'hour', feeYuan: 8, min: 10 },
      { name: 'CPU计算包（1000核时）', nameEn: 'CPU package (1000 core-hours)', unit: 'item', feeYuan: 60 },
    ],
  },
  {
    name: '全自动生化分析仪',
    nameEn: 'Automatic clinical chemistry analyser',
    category: '1301',
    variants: [
      { model: 'cobas c 702', manufacturer: 'Roche 罗氏', country: CH, wan: [220, 300] },
      { model: 'AU5800', manufacturer: 'Beckman Coulter 贝克曼库尔特', country: US, wan: [200, 280] },
      { model: 'BS-2000M', manufacturer: '迈瑞医疗 Mindray', country: CN, wan: [150, 200] },
    ],
    specifications: '测试速度≥2000 测试/小时；样本量1.5～35 μL；ISE电解质模块',
    researchFields: '临床医学，动物实验，营养学',
    uses: '血清生化指标检测（肝功、肾功、血脂、血糖等），科研动物血样分析',
    services: [{ name: '生化全套（20项）', nameEn: 'Chemistry panel (20 tests)', unit: 'sample', feeYuan: 120 }],
  },
  {
    name: '流式细胞仪',
    nameEn: 'Flow cytometer',
    category: '1301',
    variants: [
      { model: 'FACSCanto II', manufacturer: 'BD 碧迪', country: US, wan: [150, 220] },
      { model: 'CytoFLEX S', manufacturer: 'Beckman Coulter 贝克曼库尔特', country: US, wan: [120, 180] },
      { model: 'BriCyte E6', manufacturer: '迈瑞医疗 Mindray', country: CN, wan: [80, 110] },
    ],
    specifications: '3激光10色；检测速度≥30000 events/s；侧向散射分辨率≤0.2 μm',
    researchFields: '免疫学，肿瘤学，干细胞',
    uses: '细胞表型、细胞周期、凋亡检测',
    services: [
      { name: '流式检测（≤4色）', nameEn: 'Flow cytometry (≤4 colours)', unit: 'sample', feeYuan: 200 },
      { name: '流式检测（自操作）', nameEn: 'Flow cytometry (self-operated)', unit: 'hour', feeYuan: 200 },
    ],
  },
  {
    name: '实时荧光定量PCR仪',
    nameEn: 'Real-time quantitative PCR system',
    category: '1302',
    variants: [
      { model: 'CFX96 Touch', manufacturer: 'Bio-Rad 伯乐', country: US, wan: [25, 35] },
      { model: 'QuantStudio 5', manufacturer: 'Thermo Fisher 赛默飞', country: US, wan: [30, 42] },
      { model: 'SLAN-96S', manufacturer: '上海宏石医疗', country: CN, wan: [12, 18] },
    ],
    specifications: '96孔；5色荧光通道；温度均一性±0.2 ℃；高分辨熔解曲线',
    researchFields: '分子生物学，病原检测，基因表达',
    uses: '基因表达定量、病原体核酸检测、转基因成分检测、SNP分型',
    bookingMode: 'self_operated',
    services: [
      { name: 'qPCR上机（每板）', nameEn: 'qPCR run (per plate)', unit: 'item', feeYuan: 150 },
      { name: 'qPCR检测（含试剂）', nameEn: 'qPCR test incl. reagents', unit: 'sample', feeYuan: 60, min: 10 },
    ],
  },
  {
    name: '高通量测序仪',
    nameEn: 'High-throughput sequencer',
    category: '1302',
    variants: [
      { model: 'DNBSEQ-G400', manufacturer: '华大智造 MGI', country: CN, wan: [320, 420] },
      { model: 'NovaSeq 6000', manufacturer: 'Illumina 因美纳', country: US, wan: [600, 800] },
    ],
    specifications: '读长PE150；单次通量≥1440 Gb；Q30≥85%',
    researchFields: '基因组学，微生物组，临床遗传',
    uses: '全基因组重测序、转录组测序、16S扩增子测序',
    services: [
      { name: '转录组测序（6G数据）', nameEn: 'RNA-seq (6 Gb)', unit: 'sample', feeYuan: 900 },
      { name: '16S扩增子测序', nameEn: '16S amplicon sequencing', unit: 'sample', feeYuan: 300, min: 10 },
    ],
  },
  {
    name: '多功能酶标仪',
    nameEn: 'Multimode microplate reader',
    category: '1302',
    variants: [
      { model: 'Varioskan LUX', manufacturer: 'Thermo Fisher 赛默飞', country: US, wan: [30, 42] },
      { model: 'Synergy H1', manufacturer: 'BioTek 伯腾', country: US, wan: [28, 38] },
      { model: 'SpectraMax i3x', manufacturer: 'Molecular Devices 美谷分子', country: US, wan: [35, 48] },
    ],
    specifications: '吸光度/荧光/化学发光/时间分辨荧光；6～384孔板；温控至45 ℃；振板',
    researchFields: '生物化学，药物筛选，免疫检测',
    uses: 'ELISA、细胞活力、酶动力学、荧光素酶报告基因检测',
    bookingMode: 'self_operated',
    services: [{ name: '酶标仪使用', nameEn: 'Plate reader time', unit: 'hour', feeYuan: 100 }],
  },
  {
    name: '小动物活体成像系统',
    nameEn: 'In vivo small-animal imaging system',
    category: '1399',
    variants: [{ model: 'IVIS Lumina III', manufacturer: 'PerkinElmer 珀金埃尔默', country: US, wan: [180, 240] }],
    specifications: '生物发光与荧光成像；-90 ℃制冷CCD；视野5～12.5 cm；气体麻醉系统',
    researchFields: '肿瘤学，药理学，感染免疫',
    uses: '小鼠肿瘤模型活体示踪、药物分布评价',
    services: [{ name: '活体成像', nameEn: 'In vivo imaging', unit: 'hour', feeYuan: 500 }],
  },
]

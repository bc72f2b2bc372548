// Package policies holds the eligibility criteria zhuqi ships with: real
// national policies whose conditions are written as rules over the
// matching package's attributes, each condition citing the document and
// article it comes from. The demo loads them into the policy library; a
// district adds its own policies beside them.
package policies

import (
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/matching"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

func date(y int, m time.Month, d int) model.Date { return model.Date{Year: y, Month: m, Day: d} }

// Builtin returns the built-in policies, in display order. Each call
// returns fresh values that the caller may change.
func Builtin() []matching.Policy {
	return []matching.Policy{HighTech(), TechSME(), Specialized(), SmallLowProfit(), AboveScaleIndustry()}
}

const hnteDoc = "《高新技术企业认定管理办法》（国科发火〔2016〕32号）"

// HighTech is 高新技术企业认定 (国科发火〔2016〕32号, 第十一条).
func HighTech() matching.Policy {
	return matching.Policy{
		Key:       "hnte",
		Title:     "高新技术企业认定",
		Issuer:    "科技部 财政部 国家税务总局",
		DocNo:     "国科发火〔2016〕32号",
		Level:     matching.LevelNational,
		ValidFrom: date(2016, 1, 1),
		Summary:   "在《国家重点支持的高新技术领域》内持续研发并转化成果、拥有核心自主知识产权的居民企业，经认定为高新技术企业，证书有效期三年。",
		Benefits: []matching.Benefit{
			{Text: "减按15%的税率征收企业所得税（《企业所得税法》第二十八条）", Rate: 15},
		},
		Way:    matching.WayApply,
		Window: "区科技主管部门（高新技术企业认定受理）",
		Links:  []matching.Link{{Title: "高新技术企业认定管理工作网", URL: "http://www.innocom.gov.cn"}},
		Conditions: []matching.Condition{
			{Key: "resident", Name: "在中国境内（不含港、澳、台地区）注册的居民企业", Rule: "resident_enterprise",
				Citation: hnteDoc + " 第二条"},
			{Key: "registered_1y", Name: "申请认定时注册成立一年以上", Rule: "years_registered >= 1",
				Citation: hnteDoc + " 第十一条（一）"},
			{Key: "owns_ip", Name: "拥有知识产权（Ⅰ类或Ⅱ类至少一件）", Rule: "ip_class1 + ip_class2 >= 1",
				Citation: hnteDoc + " 第十一条（二）"},
			{Key: "ip_core", Name: "知识产权对主要产品（服务）在技术上发挥核心支持作用",
				Review:   "知识产权与主要产品（服务）的关联由认定机构组织专家判断",
				Citation: hnteDoc + " 第十一条（二）"},
			{Key: "field", Name: "核心技术属于《国家重点支持的高新技术领域》",
				Review:   "技术领域的归属由认定机构组织专家判断",
				Citation: hnteDoc + " 第十一条（三）"},
			{Key: "tech_staff", Name: "科技人员占职工总数比例 ≥ 10%", Rule: "tech_staff_share >= 10",
				Citation: hnteDoc + " 第十一条（四）"},
			{Key: "rd_ratio", Name: "近三年研发费用占销售收入比例达标（最近一年销售收入 5000万元以下（含）≥ 5%，5000万元至2亿元（含）≥ 4%，2亿元以上 ≥ 3%）",
				// written so that a ratio of 5% or more holds without knowing the sales
				Rule:     "rd_ratio_3y >= 5 || (rd_ratio_3y >= 4 && sales > 5000) || (rd_ratio_3y >= 3 && sales > 20000)",
				Citation: hnteDoc + " 第十一条（五）"},
			{Key: "rd_domestic", Name: "近三年境内研发费用占全部研发费用比例 ≥ 60%", Rule: "rd_domestic_share_3y >= 60",
				Citation: hnteDoc + " 第十一条（五）"},
			{Key: "hightech_income", Name: "近一年高新技术产品（服务）收入占总收入比例 ≥ 60%", Rule: "hightech_income_share >= 60",
				Citation: hnteDoc + " 第十一条（六）"},
			{Key: "innovation", Name: "企业创新能力评价达到相应要求",
				Review:   "由专家按《高新技术企业认定管理工作指引》对知识产权、科技成果转化能力、研究开发组织管理水平、企业成长性评分，70分以上为符合",
				Citation: hnteDoc + " 第十一条（七）"},
			{Key: "no_incident", Name: "申请认定前一年内未发生重大安全、重大质量事故或严重环境违法行为", Rule: "!major_incident_1y",
				Citation: hnteDoc + " 第十一条（八）"},
		},
	}
}

const tsmeDoc = "《科技型中小企业评价办法》（国科发政〔2017〕115号）"

// TechSME is 科技型中小企业评价 (国科发政〔2017〕115号): the basic
// conditions, then the score path (第六条（五）, 第七条) or the direct
// path (第八条).
func TechSME() matching.Policy {
	return matching.Policy{
		Key:       "tsme",
		Title:     "科技型中小企业评价入库",
		Issuer:    "科技部 财政部 国家税务总局",
		DocNo:     "国科发政〔2017〕115号",
		Level:     matching.LevelNational,
		ValidFrom: date(2017, 5, 3),
		Summary:   "依托一定数量的科技人员从事研发、取得自主知识产权并转化为高新技术产品或服务的中小企业，自主评价并经公示后纳入全国科技型中小企业信息库。",
		Benefits: []matching.Benefit{
			{Text: "纳入全国科技型中小企业信息库，享受研发费用税前加计扣除等面向科技型中小企业的支持政策"},
		},
		Way:    matching.WayApply,
		Window: "全国科技型中小企业信息服务平台填报，区科技主管部门审核",
		Conditions: []matching.Condition{
			{Key: "resident", Name: "在中国境内（不包括港、澳、台地区）注册的居民企业", Rule: "resident_enterprise",
				Citation: tsmeDoc + " 第六条（一）"},
			{Key: "employees", Name: "职工总数不超过500人", Rule: "employees <= 500", Citation: tsmeDoc + " 第六条（二）"},
			{Key: "sales", Name: "年销售收入不超过2亿元", Rule: "sales <= 20000", Citation: tsmeDoc + " 第六条（二）"},
			{Key: "assets", Name: "资产总额不超过2亿元", Rule: "total_assets <= 20000", Citation: tsmeDoc + " 第六条（二）"},
			{Key: "industry", Name: "产品和服务不属于国家规定的禁止、限制和淘汰类", Rule: "!restricted_industry",
				Citation: tsmeDoc + " 第六条（三）"},
			{Key: "record", Name: "上一年及当年内未发生重大安全、重大质量事故和严重环境违法、科研严重失信行为，未列入经营异常名录和严重违法失信企业名单",
				Rule: "!major_incident_1y && !credit_blacklisted", Citation: tsmeDoc + " 第六条（四）"},
		},
		Paths: []matching.Path{
			{Name: "评价得分", Conditions: []matching.Condition{
				{Key: "staff_score", Name: "科技人员指标得分不为0分（科技人员占职工总数比例 ≥ 10%）", Rule: "tsme_score_staff > 0",
					Citation: tsmeDoc + " 第六条（五）"},
				{Key: "score", Name: "综合评价得分 ≥ 60分（科技人员20分、研发投入50分、科技成果30分）",
					Rule:     "tsme_score_staff + tsme_score_rd + tsme_score_ip >= 60",
					Citation: tsmeDoc + " 第六条（五）、第七条"},
			}},
			{Name: "直接确认", Conditions: []matching.Condition{
				{Key: "direct", Name: "拥有有效期内高新技术企业证书，或近五年获国家级科技奖励并排名前三，或拥有经认定的省部级以上研发机构，或近五年主导制定过国际、国家或行业标准",
					Rule:     "hnte_valid || national_award_5y || rd_institution || standard_setting_5y",
					Citation: tsmeDoc + " 第八条"},
			}},
		},
	}
}

const srdiDoc = "《优质中小企业梯度培育管理暂行办法》（工信部企业〔2022〕63号）附件2"

// Specialized is 专精特新中小企业认定. The issue cites 工信部企业〔2026〕2号
// (the revised 优质中小企业梯度培育管理办法 of January 2026), whose text
// could not be found; the conditions are those of its predecessor,
// 工信部企业〔2022〕63号, and say so in the record.
func Specialized() matching.Policy {
	return matching.Policy{
		Key:       "srdi",
		Title:     "专精特新中小企业认定",
		Issuer:    "工业和信息化部（认定标准）、省级中小企业主管部门（认定）",
		DocNo:     "工信部企业〔2022〕63号",
		Level:     matching.LevelProvince,
		ValidFrom: date(2022, 6, 1),
		Summary:   "专业化、精细化、特色化、新颖化的中小企业，由省级中小企业主管部门按全国统一标准认定，有效期三年。",
		Benefits: []matching.Benefit{
			{Text: "纳入优质中小企业梯度培育，享受各级面向专精特新企业的资金、融资、人才等支持（以当地政策为准）"},
		},
		Way:    matching.WayApply,
		Window: "区工业和信息化主管部门（中小企业服务）",
		Note:   "议题引用工信部企业〔2026〕2号（2026年1月修订的《优质中小企业梯度培育管理办法》），未能查到其认定标准原文；现按工信部企业〔2022〕63号附件2实现，待核对新办法后更新。",
		Conditions: []matching.Condition{
			{Key: "sme", Name: "属于中小企业（中型、小型或微型）", Rule: `scale in ["medium", "small", "micro"]`,
				Citation: srdiDoc + " 一、认定条件（认定对象为中小企业，划型依《中小企业划型标准规定》工信部联企业〔2011〕300号）"},
			{Key: "niche", Name: "从事特定细分市场时间达到2年以上", Rule: "niche_market_years >= 2",
				Citation: srdiDoc + " 一（一）"},
			{Key: "rd", Name: "上年度研发费用总额不低于100万元，且占营业收入总额比重不低于3%", Rule: "rd_expense >= 100 && rd_ratio >= 3",
				Citation: srdiDoc + " 一（二）"},
			{Key: "revenue", Name: "上年度营业收入总额1000万元以上，或近2年新增股权融资总额（合格机构投资者实缴额）2000万元以上",
				Rule: "sales >= 1000 || equity_financing_2y >= 2000", Citation: srdiDoc + " 一（三）"},
		},
		Paths: []matching.Path{
			{Name: "评价得分", Conditions: []matching.Condition{
				{Key: "score", Name: "专精特新中小企业评价得分达到60分以上",
					Review:   "评价指标含专业化、精细化、特色化、创新能力四类，其中特色化指标由省级中小企业主管部门结合本地产业设定，需由主管部门评审打分",
					Citation: srdiDoc + " 一（四）、二、评价指标"},
			}},
			{Name: "直通条件", Conditions: []matching.Condition{
				{Key: "direct", Name: "近三年获省级科技奖励（排名前三）或国家级科技奖励（排名前五），或近两年研发费用均值1000万元以上，或近两年新增股权融资6000万元以上，或近三年进入“创客中国”大赛全国500强企业组",
					Rule:     "award_3y || rd_expense_avg_2y >= 1000 || equity_financing_2y >= 6000 || makers_top500_3y",
					Citation: srdiDoc + " 一（四）1–4"},
			}},
		},
	}
}

const sbDoc = "财政部 税务总局公告2023年第12号"

// SmallLowProfit is the 小型微利企业 income-tax relief
// (财政部 税务总局公告2023年第12号, through 2027-12-31).
func SmallLowProfit() matching.Policy {
	return matching.Policy{
		Key:        "small_low_profit",
		Title:      "小型微利企业所得税优惠",
		Issuer:     "财政部 税务总局",
		DocNo:      "财政部 税务总局公告2023年第12号",
		Level:      matching.LevelNational,
		ValidFrom:  date(2023, 1, 1),
		ValidUntil: date(2027, 12, 31),
		Summary:    "小型微利企业减按25%计算应纳税所得额，按20%的税率缴纳企业所得税，政策延续执行至2027年12月31日。",
		Benefits: []matching.Benefit{
			{Text: "应纳税所得额减按25%计入，按20%的税率缴纳企业所得税（实际税负5%）", Rate: 5},
		},
		Way:    matching.WayAuto,
		Window: "企业所得税预缴和汇算清缴申报时填报即可享受（主管税务机关）",
		Note:   "从业人数和资产总额按企业全年的季度平均值确定；从业人数包括劳务派遣用工人数。",
		Conditions: []matching.Condition{
			{Key: "taxable_income", Name: "年度应纳税所得额不超过300万元", Rule: "taxable_income <= 300", Citation: sbDoc + " 第三条、第五条"},
			{Key: "employees", Name: "从业人数不超过300人", Rule: "employees <= 300", Citation: sbDoc + " 第五条"},
			{Key: "assets", Name: "资产总额不超过5000万元", Rule: "total_assets <= 5000", Citation: sbDoc + " 第五条"},
			{Key: "industry", Name: "从事国家非限制和禁止行业", Rule: "!restricted_industry", Citation: sbDoc + " 第五条"},
		},
	}
}

const statsDoc = "国家统计局规模以上工业统计范围（2011年起：年主营业务收入2000万元及以上的工业法人单位）"

// AboveScaleIndustry is 规模以上工业企业 (升规纳统): an industrial legal
// entity (GB/T 4754 sections B, C, D) with main-business revenue of at
// least 2000万元.
func AboveScaleIndustry() matching.Policy {
	return matching.Policy{
		Key:       "above_scale_industry",
		Title:     "规模以上工业企业（升规纳统）",
		Issuer:    "国家统计局",
		Level:     matching.LevelNational,
		ValidFrom: date(2011, 1, 1),
		Summary:   "年主营业务收入2000万元及以上的工业法人单位纳入规模以上工业统计（升规纳统）。",
		Benefits: []matching.Benefit{
			{Text: "纳入规模以上工业统计；各地对首次升规企业另有奖励（以当地政策为准）"},
		},
		Way:    matching.WayApply,
		Window: "区统计局（联网直报）",
		Conditions: []matching.Condition{
			{Key: "legal_person", Name: "法人单位", Rule: "legal_person", Citation: statsDoc},
			{Key: "industry", Name: "属于工业（GB/T 4754-2017 门类 B 采矿业、C 制造业、D 电力、热力、燃气及水生产和供应业）",
				Rule: `industry_section in ["B", "C", "D"]`, Citation: statsDoc + "；《国民经济行业分类》GB/T 4754-2017"},
			{Key: "main_revenue", Name: "年主营业务收入 ≥ 2000万元", Rule: "main_revenue >= 2000", Citation: statsDoc},
		},
	}
}

// Package demo seeds a fictional but realistic district: 三门峡市陕州区
// (411203) with its real townships, its departments, special service teams,
// a few hundred enterprises with valid credit codes, and users of every
// role. Seeding is idempotent: a second run changes nothing.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/pinyin"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

// District is the demo district's code (陕州区, the seed's district).
const District = "411203"

// Default passwords of the demo accounts.
const (
	DefaultAdminPassword = "zhuqi-admin"
	DefaultPassword      = "zhuqi-demo"
)

// Options tune the seed.
type Options struct {
	AdminPassword string // "" for DefaultAdminPassword
	Enterprises   int    // 0 for 300
}

// Login is one demo account, for printing.
type Login struct {
	Login, Password, Role, Name string
}

// Result says what the seed made.
type Result struct {
	Enterprises int
	Cases       int // cases in the demo district
	Logins      []Login
}

// Tags are the enterprise tags the demo configures.
var Tags = []string{"高新技术企业", "科技型中小企业", "专精特新", "规上企业", "创新型中小企业", "外贸企业"}

// Departments of the demo district: code, name, kind.
var Departments = [][3]string{
	{"yshj", "区营商环境服务中心", "office"},
	{"gsl", "区工商业联合会", "office"},
	{"fgw", "区发展和改革委员会", "department"},
	{"gxj", "区工业和信息化局", "department"},
	{"kjj", "区科学技术局", "department"},
	{"czj", "区财政局", "department"},
	{"rsj", "区人力资源和社会保障局", "department"},
	{"zrzyj", "区自然资源局", "department"},
	{"hbj", "三门峡市生态环境局陕州分局", "department"},
	{"zjj", "区住房和城乡建设局", "department"},
	{"jtj", "区交通运输局", "department"},
	{"nyj", "区农业农村局", "department"},
	{"swj", "区商务局", "department"},
	{"wlj", "区文化广电和旅游局", "department"},
	{"yjj", "区应急管理局", "department"},
	{"scj", "区市场监督管理局", "department"},
	{"spj", "区行政审批服务局", "department"},
	{"jrb", "区金融服务中心", "department"},
	{"sw", "国家税务总局三门峡市陕州区税务局", "unit"},
	{"gdj", "国网三门峡市陕州区供电公司", "unit"},
	{"slj", "区水利局", "department"},
}

// Teams are the special service teams of the seed.
var Teams = [][2]string{
	{"经济运行服务团队", "规上企业运行监测、要素保障"},
	{"项目招引服务团队", "重点项目招引、落地服务"},
	{"科技创新服务团队", "高新技术企业培育、科技型中小企业入库"},
}

type userSpec struct {
	login, name string
	role        access.Role
	dept        string
	enterprise  int // index into the generated enterprises, -1 for none
}

var users = []userSpec{
	{"admin", "系统管理员", access.Admin, "", -1},
	{"yingshang", "王立新", access.Coordinator, "", -1},
	{"gongshanglian", "李赞", access.Coordinator, "", -1},
	{"fuquzhang", "张建国", access.Leader, "", -1},
	{"fgw01", "刘晓梅", access.Department, "fgw", -1},
	{"zrzy01", "陈志强", access.Department, "zrzyj", -1},
	{"rsj01", "赵丽", access.Department, "rsj", -1},
	{"gdj01", "周涛", access.Department, "gdj", -1},
	{"zhuanyuan01", "孙海波", access.Commissioner, "", -1},
	{"zhuanyuan02", "杨静", access.Commissioner, "", -1},
	{"zhuanyuan03", "马向东", access.Commissioner, "", -1},
	{"zhuanyuan04", "郭晓燕", access.Commissioner, "", -1},
	{"qiye01", "企业联络员", access.Enterprise, "", 0},
	{"qiye02", "企业联络员", access.Enterprise, "", 1},
}

// Period is the demo's reporting year at now: the twelve months that end
// today (Beijing time). The demo places "this year's" records in it, so the
// seed's figures hold on any day, 1 January included.
func Period(now time.Time) (from, to model.Date) {
	today := now.In(calendar.Shanghai)
	return model.DateOf(today.AddDate(-1, 0, 1)), model.DateOf(today)
}

// Seed writes the demo district. It can run any number of times.
func Seed(ctx context.Context, svc *service.Service, s *store.Store, opt Options) (*Result, error) {
	if opt.AdminPassword == "" {
		opt.AdminPassword = DefaultAdminPassword
	}
	if opt.Enterprises == 0 {
		opt.Enterprises = 300
	}
	if _, err := svc.SetupRegion(ctx, nil, District); err != nil {
		return nil, fmt.Errorf("demo regions: %w", err)
	}
	err := s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
		for i, t := range Tags {
			if err := tx.PutTag(ctx, t, i); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("demo tags: %w", err)
	}
	for _, d := range Departments {
		if _, err := s.DepartmentByCode(ctx, District, d[0]); err == nil {
			continue
		}
		if _, err := svc.CreateDepartment(ctx, nil, service.DepartmentInput{RegionCode: District, Code: d[0], Name: d[1], Kind: d[2],
			Phone: fmt.Sprintf("0398-38%05d", 10000+len(d[0])*137)}); err != nil {
			return nil, fmt.Errorf("demo department %s: %w", d[1], err)
		}
	}
	list := Enterprises(opt.Enterprises)
	err = s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
		_, err := tx.UpsertEnterprises(ctx, list)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("demo enterprises: %w", err)
	}
	res := &Result{Enterprises: len(list)}
	for _, u := range users {
		pw := DefaultPassword
		if u.login == "admin" {
			pw = opt.AdminPassword
		}
		res.Logins = append(res.Logins, Login{Login: u.login, Password: pw, Role: u.role.Label(), Name: u.name})
		existing, err := s.UserByLogin(ctx, u.login)
		if err == nil {
			if u.login == "admin" && !service.CheckPassword(existing.PasswordHash, pw) {
				if err := svc.SetPassword(ctx, nil, u.login, pw); err != nil {
					return nil, err
				}
			}
			continue
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		in := service.UserInput{Login: u.login, Name: u.name, Role: u.role, RegionCode: District, DepartmentCode: u.dept,
			Password: pw, Phone: fmt.Sprintf("1393980%04d", len(res.Logins)*37)}
		if u.enterprise >= 0 {
			in.EnterpriseUSCC = list[u.enterprise].USCC
			res.Logins[len(res.Logins)-1].Name = list[u.enterprise].Name
		}
		if _, err := svc.CreateUser(ctx, nil, in); err != nil {
			return nil, fmt.Errorf("demo user %s: %w", u.login, err)
		}
	}
	existingTeams, err := s.Teams(ctx, division.Prefix(District))
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, t := range existingTeams {
		have[t.Name] = true
	}
	for i, t := range Teams {
		if have[t[0]] {
			continue
		}
		var members []model.TeamMember
		for j, login := range []string{"zhuanyuan01", "zhuanyuan02", "zhuanyuan03", "zhuanyuan04"} {
			if j%len(Teams) != i && j != i {
				continue
			}
			u, err := s.UserByLogin(ctx, login)
			if err != nil {
				return nil, err
			}
			duty := "成员"
			if j == i {
				duty = "组长"
			}
			members = append(members, model.TeamMember{UserID: u.ID, Duty: duty})
		}
		if _, err := svc.CreateTeam(ctx, nil, service.TeamInput{RegionCode: District, Name: t[0], Focus: t[1], Members: members}); err != nil {
			return nil, fmt.Errorf("demo team %s: %w", t[0], err)
		}
	}
	page, err := s.Enterprises(ctx, access.Scope{Prefix: division.Prefix(District)}, store.EnterpriseFilter{Limit: 1000, NoCount: true})
	if err != nil {
		return nil, err
	}
	if err := seedCommissioners(ctx, svc, s, page.Items); err != nil {
		return nil, err
	}
	if _, err = seedCases(ctx, svc, s, page.Items); err != nil {
		return nil, err
	}
	if err := seedNetwork(ctx, svc, s, page.Items); err != nil {
		return nil, err
	}
	cases, err := s.Cases(ctx, store.CaseScope{}, store.CaseFilter{Limit: 1})
	if err != nil {
		return nil, err
	}
	res.Cases = cases.Total
	return res, nil
}

// Enterprises generates n demo enterprises, the same ones on every call.
func Enterprises(n int) []*model.Enterprise {
	rng := rand.New(rand.NewPCG(411203, 2026))
	townships := division.Children(District)
	seen := map[string]bool{}
	out := make([]*model.Enterprise, 0, n)
	for len(out) < n {
		ind := industries[rng.IntN(len(industries))]
		name := places[rng.IntN(len(places))] + cores[rng.IntN(len(cores))] + ind.word + suffixes[rng.IntN(len(suffixes))]
		if seen[name] {
			continue
		}
		seen[name] = true
		body := make([]byte, 8)
		for i := range body {
			body[i] = orgChars[rng.IntN(len(orgChars))]
		}
		code, err := uscc.Build('9', '1', District, string(body))
		if err != nil || seen[code] {
			continue
		}
		seen[code] = true
		scale := scaleFor(rng)
		e := &model.Enterprise{
			USCC: code, Name: name, LegalRep: surnames[rng.IntN(len(surnames))] + givens[rng.IntN(len(givens))],
			IndustryCode: ind.codes[rng.IntN(len(ind.codes))], Scale: scale, Ownership: ownershipFor(rng),
			RegionCode: District, TownshipCode: townships[rng.IntN(len(townships))].Code,
			FoundedOn: model.Date{Year: 1996 + rng.IntN(29), Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)},
		}
		town, _ := division.Lookup(e.TownshipCode)
		e.Address = fmt.Sprintf("三门峡市陕州区%s%s%d号", town.Name, roads[rng.IntN(len(roads))], 1+rng.IntN(188))
		lat, lng := 34.62+rng.Float64()*0.35, 111.0+rng.Float64()*0.55
		lat, lng = float64(int(lat*1e5))/1e5, float64(int(lng*1e5))/1e5
		e.Latitude, e.Longitude = &lat, &lng
		switch scale {
		case model.ScaleLarge:
			e.Employees, e.RevenueYuan = int64(300+rng.IntN(1500)), int64(40000+rng.IntN(200000))*10000
		case model.ScaleMedium:
			e.Employees, e.RevenueYuan = int64(100+rng.IntN(200)), int64(2000+rng.IntN(38000))*10000
		case model.ScaleSmall:
			e.Employees, e.RevenueYuan = int64(10+rng.IntN(90)), int64(300+rng.IntN(1700))*10000
		default:
			e.Employees, e.RevenueYuan = int64(1+rng.IntN(9)), int64(10+rng.IntN(290))*10000
		}
		e.Tags = []string{}
		if scale == model.ScaleLarge || scale == model.ScaleMedium && rng.IntN(2) == 0 {
			e.Tags = append(e.Tags, "规上企业")
		}
		if ind.tech && rng.IntN(3) == 0 {
			e.Tags = append(e.Tags, "高新技术企业")
		}
		if ind.tech && scale != model.ScaleLarge && rng.IntN(2) == 0 {
			e.Tags = append(e.Tags, "科技型中小企业")
		}
		if rng.IntN(12) == 0 {
			e.Tags = append(e.Tags, "专精特新")
		}
		e.Contacts = []model.Contact{{Name: surnames[rng.IntN(len(surnames))] + givens[rng.IntN(len(givens))],
			Title: titles[rng.IntN(len(titles))], Phone: fmt.Sprintf("13%d%08d", 5+rng.IntN(5), rng.IntN(100000000))}}
		e.NameInitials = pinyin.Initials(e.Name)
		out = append(out, e)
	}
	return out
}

// orgChars are the characters a generated organization code body uses.
const orgChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

func scaleFor(rng *rand.Rand) model.Scale {
	switch n := rng.IntN(100); {
	case n < 4:
		return model.ScaleLarge
	case n < 18:
		return model.ScaleMedium
	case n < 55:
		return model.ScaleSmall
	}
	return model.ScaleMicro
}

func ownershipFor(rng *rand.Rand) model.Ownership {
	switch n := rng.IntN(100); {
	case n < 84:
		return model.OwnershipPrivate
	case n < 93:
		return model.OwnershipState
	case n < 96:
		return model.OwnershipCollective
	case n < 98:
		return model.OwnershipForeign
	}
	return model.OwnershipHKMT
}

type industryWord struct {
	word  string
	codes []string
	tech  bool
}

var (
	places   = []string{"三门峡", "陕州", "甘棠", "崤函", "黄河", "天鹅湖", "虢州", "豫西", "陕塬", "硖石", "观音堂", "张茅", "菜园", "宫前"}
	cores    = []string{"金源", "宏达", "鑫泰", "华瑞", "恒信", "瑞丰", "中原", "利民", "兴业", "永盛", "天成", "博远", "嘉禾", "聚力", "润泽", "中科", "安泰", "昌盛", "立德", "宝丰"}
	suffixes = []string{"有限公司", "有限公司", "有限责任公司", "股份有限公司"}
	roads    = []string{"大营路", "甘棠路", "陕州大道", "崤山路", "黄河路", "产业集聚区纬一路", "工业园区经二路", "建设路"}
	titles   = []string{"总经理", "办公室主任", "财务负责人", "董事长", "行政主管"}
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "梁", "宋", "郑", "谢", "韩", "冯", "曹", "许", "邓", "苏"}
	givens   = []string{"建国", "卫东", "志强", "丽娟", "海涛", "晓燕", "国庆", "红梅", "振华", "文博", "雪梅", "宏伟", "静", "磊", "敏", "军", "鹏飞", "艳丽", "春生", "明辉"}

	industries = []industryWord{
		{"矿业", []string{"B08", "B09", "B10"}, false},
		{"新材料", []string{"C30", "C32", "C26"}, true},
		{"果业", []string{"A01", "A05"}, false},
		{"食品", []string{"C13", "C14"}, false},
		{"建材", []string{"C30"}, false},
		{"电子科技", []string{"C39", "C38"}, true},
		{"机械制造", []string{"C34", "C35"}, true},
		{"物流", []string{"G54", "G59"}, false},
		{"化工", []string{"C26"}, true},
		{"能源", []string{"D44", "D45"}, false},
		{"商贸", []string{"F51", "F52"}, false},
		{"农业科技", []string{"A01", "M75"}, true},
		{"文化旅游", []string{"R88", "R90", "N78"}, false},
		{"生物医药", []string{"C27"}, true},
		{"信息技术", []string{"I65", "I64"}, true},
		{"建筑工程", []string{"E47", "E48"}, false},
		{"餐饮管理", []string{"H62"}, false},
	}
)

// seedCommissioners gives most demo enterprises a commissioner (责任包靠一对一),
// in turn, and leaves the last fifth uncovered, as a district that is
// still assigning would be.
func seedCommissioners(ctx context.Context, svc *service.Service, s *store.Store, ents []*model.Enterprise) error {
	coordUser, err := s.UserByLogin(ctx, "yingshang")
	if err != nil {
		return err
	}
	coord := service.PrincipalOf(coordUser)
	var ids []int64
	for _, login := range []string{"zhuanyuan01", "zhuanyuan02", "zhuanyuan03", "zhuanyuan04"} {
		u, err := s.UserByLogin(ctx, login)
		if err != nil {
			return err
		}
		ids = append(ids, u.ID)
	}
	// The office's cap: each of the four has room for 15 more, enough for
	// the uncovered fifth in one bulk 包联.
	if _, err := s.Setting(ctx, service.CapSetting); err != nil {
		if err := svc.SetCommissionerCap(ctx, coord, 75); err != nil {
			return err
		}
	}
	for i, e := range ents[:len(ents)*4/5] {
		if hist, err := s.Assignments(ctx, e.ID); err != nil {
			return err
		} else if len(hist) > 0 {
			continue
		}
		if _, err := svc.AssignCommissioner(ctx, coord, e.ID, service.CommissionerInput{UserID: ids[i%len(ids)]}); err != nil {
			return fmt.Errorf("demo commissioner of %s: %w", e.Name, err)
		}
	}
	if err := seedTeamService(ctx, svc, s, coord, ents); err != nil {
		return err
	}
	return seedPlans(ctx, svc, s)
}

// seedTeamService gives the economic-operation team the large and medium
// enterprises and the innovation team the high-tech and IT or research
// ones (twenty each at most), the first time. The project team waits for
// projects.
func seedTeamService(ctx context.Context, svc *service.Service, st *store.Store, coord *access.Principal, ents []*model.Enterprise) error {
	teams, err := st.Teams(ctx, division.Prefix(District))
	if err != nil {
		return err
	}
	for _, t := range teams {
		if t.Enterprises > 0 {
			continue
		}
		var ids []int64
		for _, e := range ents {
			var fits bool
			switch t.Name {
			case Teams[0][0]:
				fits = e.Scale == model.ScaleLarge || e.Scale == model.ScaleMedium
			case Teams[2][0]:
				fits = slices.Contains(e.Tags, "高新技术企业") || strings.HasPrefix(e.IndustryCode, "I") || strings.HasPrefix(e.IndustryCode, "M")
			}
			if fits && len(ids) < 20 {
				ids = append(ids, e.ID)
			}
		}
		if len(ids) == 0 {
			continue
		}
		if _, err := svc.TeamServe(ctx, coord, t.ID, service.ServeInput{EnterpriseIDs: ids}); err != nil {
			return fmt.Errorf("demo team %s: %w", t.Name, err)
		}
	}
	return nil
}

// seedPlans gives each commissioner a plan the first time: three of its
// enterprises this week and three more this month.
func seedPlans(ctx context.Context, svc *service.Service, st *store.Store) error {
	for _, login := range []string{"zhuanyuan01", "zhuanyuan02", "zhuanyuan03", "zhuanyuan04"} {
		u, err := st.UserByLogin(ctx, login)
		if err != nil {
			return err
		}
		if have, err := st.PlanItems(ctx, store.PlanFilter{UserID: u.ID}); err != nil || len(have) > 0 {
			return err
		}
		mine, err := st.CommissionerEnterprises(ctx, u.ID)
		if err != nil {
			return err
		}
		p := service.PrincipalOf(u)
		for i, a := range mine[:min(6, len(mine))] {
			in := service.PlanInput{EnterpriseID: a.EnterpriseID, Period: "week", Note: "了解企业经营和用工情况"}
			if i >= 3 {
				in.Period, in.Note = "month", "宣讲惠企政策"
			}
			if _, err := svc.PlanVisit(ctx, p, in); err != nil {
				return fmt.Errorf("demo plan of %s: %w", login, err)
			}
		}
	}
	return nil
}

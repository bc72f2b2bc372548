package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	neturl "net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/industry"
	"github.com/zhuqi-gov/zhuqi/internal/web/form"
)

//go:embed templates static
var assets embed.FS

// pages holds one template set per page, each with the shared layout.
type pages struct {
	sets map[string]*template.Template
}

var funcs = template.FuncMap{
	"regionName": division.FullName,
	// regionShort is a division's own name ("西李村乡"), for lists where
	// the province, city and county are the same on every row.
	"regionShort": func(code string) string {
		if d, ok := division.Lookup(code); ok {
			return d.Name
		}
		return code
	},
	"industryName": func(code string) string {
		if d, ok := industry.MajorOf(code); ok {
			return d.Name
		}
		return ""
	},
	"localTime": func(v any) string {
		var t time.Time
		switch x := v.(type) {
		case time.Time:
			t = x
		case *time.Time:
			if x != nil {
				t = *x
			}
		}
		if t.IsZero() {
			return ""
		}
		return t.In(calendar.Shanghai).Format("2006-01-02 15:04")
	},
	"wan":       form.FormatWan, // yuan → 万元 with up to 4 decimals, exact
	"add":       func(a, b int) int { return a + b },
	"hasPrefix": strings.HasPrefix,
	"list":      func(v ...string) []string { return v },
	"localDate": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(calendar.Shanghai).Format("2006-01-02")
	},
	"eventLabel": func(t string) string {
		if l, ok := eventLabels[t]; ok {
			return l
		}
		return t
	},
	"hasValue": func(v neturl.Values, key, want string) bool {
		for _, x := range v[key] {
			if x == want {
				return true
			}
		}
		return false
	},
	"entityLabel": func(e string) string {
		if l, ok := entityLabels[e]; ok {
			return l
		}
		return e
	},
	"actionLabel": func(a string) string {
		if l, ok := actionLabels[a]; ok {
			return l
		}
		if l, ok := eventLabels[a]; ok {
			return l
		}
		return a
	},
	"actorLabel": func(login string) string {
		if login == "system" || login == "" {
			return "系统"
		}
		return login
	},
	"roleLabel": func(r access.Role) string { return r.Label() },
}

var entityLabels = map[string]string{"enterprise": "企业", "user": "用户", "department": "部门", "team": "团队",
	"region": "地区", "tag": "标签", "api_token": "API 令牌", "setting": "设置", "case": "事项",
	"case_category": "事项类别", "calendar_year": "工作日历", "webhook": "消息推送"}

// actionLabels name the actions of the audit log; a case's steps are
// named by eventLabels.
var actionLabels = map[string]string{"create": "新增", "update": "修改", "import": "导入", "login": "登录", "logout": "退出",
	"set_password": "设置密码", "attach": "上传附件"}

// statusTexts are the Chinese names of the statuses an error page shows.
var statusTexts = map[int]string{
	http.StatusBadRequest: "请求有误", http.StatusUnauthorized: "尚未登录", http.StatusForbidden: "无权访问",
	http.StatusNotFound: "页面不存在", http.StatusMethodNotAllowed: "不支持的操作", http.StatusConflict: "数据冲突",
	http.StatusRequestEntityTooLarge: "内容过大", http.StatusUnprocessableEntity: "内容有误",
	http.StatusTooManyRequests: "操作过于频繁", http.StatusInternalServerError: "系统出错",
	http.StatusServiceUnavailable: "服务暂不可用",
}

// statusText is the Chinese name of an HTTP status, for error pages.
func statusText(status int) string {
	if t, ok := statusTexts[status]; ok {
		return t
	}
	if status >= 500 {
		return "系统出错"
	}
	return "出错了"
}

// mustPages parses every page with the layout. Pages sit in a folder per
// domain (templates/cases/case.html) and are named by their file alone
// ("case"), so a name must be unique across the folders.
func mustPages() *pages {
	p := &pages{sets: map[string]*template.Template{}}
	names, err := fs.Glob(assets, "templates/*/*.html")
	if err != nil {
		panic(err)
	}
	names = append(names, "templates/error.html")
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if _, dup := p.sets[base]; dup {
			panic("two templates named " + base)
		}
		p.sets[base] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", n))
	}
	return p
}

// view is what every page template gets.
type view struct {
	Title  string
	Nav    string // the active navigation entry
	User   *access.Principal
	CSRF   string
	Notice string
	Data   any
}

// Can lets templates show only what the user may use.
func (v *view) Can(a string) bool { return v.User.Can(access.Action(a)) }

// render writes a page; it answers a template failure itself and returns
// nil, so handlers end with it.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v *view) error {
	t, ok := s.pages.sets[name]
	if !ok {
		panic("no template " + name)
	}
	if v.User == nil {
		v.User = principal(r)
	}
	if v.User != nil {
		v.CSRF = v.User.CSRFToken
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "页面渲染失败", http.StatusInternalServerError)
		return nil
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}

// seeOther redirects (303) to url, the answer of a form post.
func seeOther(w http.ResponseWriter, r *http.Request, url string) error {
	http.Redirect(w, r, url, http.StatusSeeOther)
	return nil
}

// withNotice is url with a notice for the page to show.
func withNotice(url, notice string) string {
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "notice=" + neturl.QueryEscape(notice)
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.render(w, r, status, "error", &view{Title: statusText(status), Data: map[string]any{"Status": status, "Message": msg, "Text": statusText(status)}})
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.FileServerFS(assets).ServeHTTP(w, r)
}

// eventLabels name the steps of a case's timeline.
var eventLabels = map[string]string{
	"created": "登记", "assign": "交办", "accept": "签收", "progress": "办理进展", "return": "退回", "resolve": "办结",
	"rate": "回访评价", "close": "销号", "extension_requested": "申请延期", "extension_approved": "同意延期",
	"extension_refused": "不同意延期", "suspend": "挂起", "resume": "恢复办理", "warning": "预警", "supervision": "督办",
	"escalation": "通报", "due_recomputed": "期限重算", "attachment": "上传附件",
}

// pager is the paging strip under a list.
type pager struct {
	Page, Pages, Total int
	Prev, Next         string
}

func newPager(r *http.Request, total, limit, offset int) pager {
	pg := pager{Page: offset/limit + 1, Total: total, Pages: (total + limit - 1) / limit}
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if pg.Page > 1 {
		pg.Prev = link(pg.Page - 1)
	}
	if pg.Page < pg.Pages {
		pg.Next = link(pg.Page + 1)
	}
	return pg
}

// formErrors turns field errors into a map for the form, with a message
// for the whole form when a field has no input of its own.
func formErrors(err *fault.Error) map[string]string {
	m := map[string]string{}
	if len(err.Fields) > 0 {
		for _, f := range err.Fields {
			if _, ok := m[f.Field]; !ok {
				m[f.Field] = f.Message
			}
		}
	} else {
		m[err.Field] = err.Message
	}
	return m
}

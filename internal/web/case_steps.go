package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/web/form"
)

// A step is one step of a case's workflow as both surfaces take it: its
// path segment (POST /api/v1/cases/{id}/<name> and /cases/{id}/<name>),
// the API's summary, the page's notice once it is done, and the step run
// from a JSON body or from the case page's form. The service decides who
// may take it and when.
type step struct {
	name, summary, done string
	fromJSON            func(s *Server, w http.ResponseWriter, r *http.Request, id int64) (*model.Case, error)
	fromForm            func(s *Server, r *http.Request, id int64) (*model.Case, error)
}

// caseSteps is the workflow, in the order a case goes through it.
var caseSteps = []step{
	newStep("assign", "交办", "已交办", (*service.Service).Assign, form.Assign),
	newStep("accept", "牵头部门签收", "已签收", noted((*service.Service).Accept), notePosted),
	newStep("progress", "填报办理进展", "进展已填报", noted((*service.Service).Progress), notePosted),
	newStep("return", "退回", "已退回牵头办公室", noted((*service.Service).Return), notePosted),
	newStep("resolve", "办结", "已办结，等待企业回访评价", noted((*service.Service).Resolve), notePosted),
	newStep("rate", "回访评价（GB/T 39735 五级）", "感谢您的评价", (*service.Service).Rate, form.Rate),
	newStep("close", "销号", "已销号", noted((*service.Service).Close), notePosted),
	newStep("extension", "申请延期", "延期申请已提交", (*service.Service).RequestExtension, form.Extension),
	newStep("extension/decide", "审批延期", "已审批延期申请", (*service.Service).DecideExtension, form.Decide),
	newStep("suspend", "挂起", "已挂起，办理时限暂停计算", noted((*service.Service).Suspend), notePosted),
	newStep("resume", "恢复办理", "已恢复办理", noted((*service.Service).Resume), notePosted),
}

// stepCall is a step's service method, as a method expression.
type stepCall[T any] func(*service.Service, context.Context, *access.Principal, int64, T) (*model.Case, error)

func newStep[T any](name, summary, done string, run stepCall[T], posted func(url.Values) (T, error)) step {
	return step{name: name, summary: summary, done: done,
		fromJSON: func(s *Server, w http.ResponseWriter, r *http.Request, id int64) (*model.Case, error) {
			var in T
			if err := decodeOptionalJSON(w, r, &in); err != nil {
				return nil, err
			}
			return run(s.svc, r.Context(), principal(r), id, in)
		},
		fromForm: func(s *Server, r *http.Request, id int64) (*model.Case, error) {
			in, err := posted(r.PostForm)
			if err != nil {
				return nil, err
			}
			return run(s.svc, r.Context(), principal(r), id, in)
		},
	}
}

// stepNamed is the step of a path segment.
func stepNamed(name string) (step, bool) {
	for _, st := range caseSteps {
		if st.name == name {
			return st, true
		}
	}
	return step{}, false
}

// noteInput is the body of the steps that take only a note or reason.
type noteInput struct {
	Note   string `json:"note"`
	Reason string `json:"reason"`
}

func (n noteInput) text() string {
	if n.Note != "" {
		return n.Note
	}
	return n.Reason
}

// noted adapts a step whose input is its note.
func noted(run func(*service.Service, context.Context, *access.Principal, int64, string) (*model.Case, error)) stepCall[noteInput] {
	return func(svc *service.Service, ctx context.Context, p *access.Principal, id int64, in noteInput) (*model.Case, error) {
		return run(svc, ctx, p, id, in.text())
	}
}

// notePosted reads the note of a step's form.
func notePosted(v url.Values) (noteInput, error) {
	n, err := form.Note(v)
	return noteInput{Note: n}, err
}

package enterprises

import (
	"context"
	"io"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

// MaxExportRows bounds one exported ledger.
const MaxExportRows = 200000

// EditableEnterprise returns an enterprise in p's scope that p may edit:
// not found before forbidden, so a record outside the scope stays unseen.
func (s *Service) EditableEnterprise(ctx context.Context, p *access.Principal, id int64) (*model.Enterprise, error) {
	e, err := s.Enterprise(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !p.Can(access.WriteEnterprises) && !p.Can(access.EditOwnEnterprise) {
		return nil, fault.Forbidden()
	}
	return e, nil
}

// EnterpriseByCode finds an enterprise in p's scope by its credit code
// (typed as users type it: spaces, lower case and full-width allowed).
func (s *Service) EnterpriseByCode(ctx context.Context, p *access.Principal, code string) (*store.EnterpriseBrief, error) {
	if !p.Can(access.ReadEnterprises) {
		return nil, fault.Forbidden()
	}
	b, err := s.db.EnterpriseBriefBy(ctx, p.Scope(), 0, uscc.Normalize(code))
	return b, fault.Explain(err, "企业")
}

// ExportEnterprises writes the enterprises in p's scope that f selects
// (paging aside) as the registry's XLSX ledger.
func (s *Service) ExportEnterprises(ctx context.Context, p *access.Principal, f store.EnterpriseFilter, w io.Writer) error {
	if !p.Can(access.ExportEnterprises) {
		return fault.Forbidden()
	}
	f.Limit, f.Offset, f.NoCount = MaxExportRows, 0, true
	page, err := s.db.Enterprises(ctx, p.Scope(), f)
	if err != nil {
		return err
	}
	return WriteXLSX(w, page.Items)
}

// Choices are what the enterprise form offers: the defined tags and the
// regions of the user's reach.
type Choices struct {
	Tags    []string
	Regions []*model.Region
}

// EnterpriseChoices returns the choices of p's enterprise form.
func (s *Service) EnterpriseChoices(ctx context.Context, p *access.Principal) (*Choices, error) {
	tags, err := s.db.Tags(ctx)
	if err != nil {
		return nil, err
	}
	regions, err := s.db.Regions(ctx, p.RegionPrefix)
	if err != nil {
		return nil, err
	}
	return &Choices{Tags: tags, Regions: regions}, nil
}

package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/importer"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// uploadedFile returns the uploaded ledger: the "file" part of a multipart
// form, or the whole body. The size is limited either way.
func uploadedFile(w http.ResponseWriter, r *http.Request) (io.Reader, string, func(), *service.Error) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxUploadBody)
	noop := func() {}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, "", noop, tooLarge(service.MaxImportBytes)
			}
			return nil, "", noop, &fault.Error{Class: fault.ClassInvalid, Code: "invalid_upload", Field: "file", Message: "上传内容无法解析"}
		}
		f, hdr, err := r.FormFile("file")
		if err != nil {
			return nil, "", noop, &fault.Error{Class: fault.ClassInvalid, Code: "missing_file", Field: "file", Message: "请选择要导入的文件（CSV 或 XLSX）"}
		}
		return f, hdr.Filename, func() { f.Close(); r.MultipartForm.RemoveAll() }, nil
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, "", noop, tooLarge(service.MaxImportBytes)
		}
		return nil, "", noop, &fault.Error{Class: fault.ClassInvalid, Code: "invalid_upload", Field: "file", Message: "读取上传内容失败"}
	}
	if len(data) == 0 {
		return nil, "", noop, &fault.Error{Class: fault.ClassInvalid, Code: "missing_file", Field: "file", Message: "请求体为空：请上传 CSV 或 XLSX 文件"}
	}
	name := r.URL.Query().Get("filename")
	if name == "" && ct == xlsxType {
		name = "upload.xlsx"
	}
	return bytes.NewReader(data), name, noop, nil
}

// exportEnterprises streams the enterprises in the user's scope (with the
// list's filters) as an XLSX ledger with Chinese headers.
func (s *Server) exportEnterprises(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if !p.Can(access.ExportEnterprises) {
		s.deny(w, r)
		return
	}
	f, ferr := enterpriseFilter(r)
	if ferr != nil {
		s.failAny(w, r, ferr, "企业")
		return
	}
	f.Limit, f.Offset, f.NoCount = 200000, 0, true
	page, err := s.svc.Store.Enterprises(r.Context(), p.Scope(), f)
	if err != nil {
		s.failAny(w, r, err, "企业")
		return
	}
	var buf bytes.Buffer
	if err := service.WriteEnterprisesXLSX(&buf, page.Items); err != nil {
		s.failAny(w, r, err, "企业")
		return
	}
	name := fmt.Sprintf("企业库-%s.xlsx", time.Now().In(calendar.Shanghai).Format("20060102"))
	sendFile(w, name, buf.Bytes())
}

func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) {
	if !principal(r).Can(access.WriteEnterprises) {
		s.deny(w, r)
		return
	}
	var buf bytes.Buffer
	if err := importer.WriteTemplateXLSX(&buf); err != nil {
		s.failAny(w, r, err, "模板")
		return
	}
	sendFile(w, "企业导入模板.xlsx", buf.Bytes())
}

func sendFile(w http.ResponseWriter, name string, data []byte) {
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Write(data)
}

// deny answers 403 in the surface's own format.
func (s *Server) deny(w http.ResponseWriter, r *http.Request) {
	s.failAny(w, r, service.Forbidden(), "")
}

// failAny answers an error as JSON on API paths and as a page elsewhere.
func (s *Server) failAny(w http.ResponseWriter, r *http.Request, err error, what string) {
	if isAPI(r) || strings.HasSuffix(r.URL.Path, ".xlsx") && r.Header.Get("Accept") == "application/json" {
		s.fail(w, r, err, what)
		return
	}
	if e := service.AsError(err, what); e != nil {
		s.renderError(w, r, statusOf(e), e.Message)
		return
	}
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	s.renderError(w, r, http.StatusInternalServerError, "服务器内部错误，请稍后重试")
}

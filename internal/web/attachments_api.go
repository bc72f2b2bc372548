package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// attachmentsAPI are the routes of a case's files.
func (s *Server) attachmentsAPI() []Route {
	return []Route{
		{Method: "POST", Pattern: "/api/v1/cases/{id}/attachments", Allow: can(access.ReadCases), Summary: "上传附件", handler: s.apiAttach},
		{Method: "GET", Pattern: "/api/v1/cases/{id}/attachments/{aid}", Allow: can(access.ReadCases), Summary: "下载附件", handler: s.apiAttachment},
	}
}

// MaxAttachment is the largest file attached to a case.
const MaxAttachment = 20 << 20

// attachmentTypes are the content types accepted, by sniffed type.
var attachmentTypes = map[string]string{
	"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
	"application/zip": ".zip/.docx/.xlsx", "text/plain; charset=utf-8": ".txt", "application/octet-stream": "",
}

func (s *Server) apiAttach(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "事项")
	if err != nil {
		return err
	}
	a, err := s.readAttachment(w, r)
	if err != nil {
		return err
	}
	a.CaseID = id
	err = s.svc.Attach(r.Context(), principal(r), a)
	return reply(w, http.StatusCreated, a, err)
}

// readAttachment reads the "file" part of a multipart upload and checks
// its size and its content (sniffed, not the declared type).
func (s *Server) readAttachment(w http.ResponseWriter, r *http.Request) (*store.Attachment, error) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxAttachment+1<<20)
	if err := r.ParseMultipartForm(4 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge(MaxAttachment)
		}
		return nil, &fault.Error{Class: fault.ClassInvalid, Code: "invalid_upload", Field: "file", Message: "上传内容无法解析（应为 multipart/form-data，字段 file）"}
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return nil, &fault.Error{Class: fault.ClassInvalid, Code: "missing_file", Field: "file", Message: "请选择要上传的附件"}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxAttachment+1))
	if err != nil {
		return nil, &fault.Error{Class: fault.ClassInvalid, Code: "invalid_upload", Field: "file", Message: "读取附件失败"}
	}
	if len(data) > MaxAttachment {
		return nil, tooLarge(MaxAttachment)
	}
	if len(data) == 0 {
		return nil, &fault.Error{Class: fault.ClassInvalid, Code: "empty_file", Field: "file", Message: "附件为空"}
	}
	ct := http.DetectContentType(data)
	if _, ok := attachmentTypes[ct]; !ok || ct == "application/octet-stream" && !strings.HasSuffix(strings.ToLower(hdr.Filename), ".doc") && !strings.HasSuffix(strings.ToLower(hdr.Filename), ".xls") {
		return nil, &fault.Error{Class: fault.ClassInvalid, Code: "unsupported_type", Field: "file",
			Message: fmt.Sprintf("不支持的附件类型（%s）：请上传 PDF、图片、Office 文档、压缩包或文本", ct)}
	}
	sum := sha256.Sum256(data)
	name := hdr.Filename
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if name == "" || len(name) > 200 {
		name = "附件"
	}
	return &store.Attachment{Name: name, ContentType: ct, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Data: data}, nil
}

func (s *Server) apiAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "附件")
	if err != nil {
		return err
	}
	aid, err := pathInt(r, "aid", "附件")
	if err != nil {
		return err
	}
	a, err := s.svc.AttachmentFile(r.Context(), principal(r), id, aid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	w.Header().Set("Content-Security-Policy", "sandbox")
	w.Write(a.Data)
	return nil
}

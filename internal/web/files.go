package web

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// uploadedFile returns the uploaded ledger: the "file" part of a multipart
// form, or the whole body. The size is limited either way.
func uploadedFile(w http.ResponseWriter, r *http.Request) (io.Reader, string, func(), error) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxUploadBody)
	noop := func() {}
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		ct = "" // no usable type: the body is the file
	}
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

func sendFile(w http.ResponseWriter, name string, data []byte) {
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Write(data)
}

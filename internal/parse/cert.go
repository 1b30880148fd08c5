package parse

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"path"

	"github.com/beevik/etree"

	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
)

// certificate reads a X.crt-meta.xml and the X.crt beside it (content is
// nil when there is none).
func (r *reader) certificate(data []byte, content *project.File, maxSize int64) *model.Certificate {
	root := r.parseXML(data, string(model.KindCertificate))
	c := &model.Certificate{Meta: r.meta()}
	if root != nil {
		children(root, func(e *etree.Element) {
			switch e.Tag {
			case "masterLabel":
				setOnce(&c.MasterLabel, r.text(e))
			case "expirationDate":
				setOnce(&c.ExpirationDate, r.text(e))
			case "caSigned":
				setOnce(&c.CaSigned, r.text(e))
			case "keySize":
				setOnce(&c.KeySize, r.text(e))
			}
		})
		r.require(root, c.MasterLabel, "masterLabel", r.what())
	}

	if content == nil {
		c.Content = model.CertContent{Kind: model.CertMissing}
		r.problem(c.Root, "certificate %s has no %s.crt beside it; the Salesforce CLI fails with ExpectedSourceFilesError",
			r.file.Name, r.file.Name)
		return c
	}
	c.ContentFile = content.Path
	var crt []byte
	var notice *model.Notice
	if d, ok := readOverlay(r.overlay, content.Abs); ok { // unsaved, or the revision's (driver)
		crt = d
		if int64(len(d)) > maxSize {
			notice = &model.Notice{File: content.Path, Message: "skipped: " + describeTooLarge(int64(len(d)), maxSize)}
		}
	} else {
		crt, notice = readFile(*content, maxSize)
	}
	if notice != nil {
		r.res.notices = append(r.res.notices, *notice)
		c.Content = model.CertContent{Kind: model.CertUnparseable, Err: fmt.Sprintf("%s could not be read (%s)", path.Base(content.Path), notice.Message)}
		return c
	}
	r.res.scanned++
	c.Content = certContent(crt)
	if c.Content.Kind == model.CertUnparseable {
		// Not a deploy error nclint can vouch for, but a file it could not
		// use: say so, as a warning that does not make the run incomplete.
		r.res.notices = append(r.res.notices, model.Notice{
			File:    content.Path,
			Warning: true,
			Message: fmt.Sprintf("certificate content not checked: %s; expiry checks use the <expirationDate> of %s",
				c.Content.Err, path.Base(r.file.Path)),
		})
	}
	return c
}

// certContent classifies the content of a .crt file. A PEM CERTIFICATE
// block (the first one is the leaf of a chain) gives CertPEM with its
// expiry; a CERTIFICATE REQUEST block alone gives CertCSR (what Salesforce
// writes for a CA-signed certificate still waiting for its signed
// certificate); anything else is CertUnparseable.
func certContent(data []byte) model.CertContent {
	if len(bytes.TrimSpace(data)) == 0 {
		return model.CertContent{Kind: model.CertUnparseable, Err: "the .crt file is empty"}
	}
	sawCSR := false
	rest := data
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		switch block.Type {
		case "CERTIFICATE":
			// The first certificate is the leaf; a broken leaf makes the
			// whole chain unusable, so later blocks are not looked at.
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return model.CertContent{Kind: model.CertUnparseable,
					Err: fmt.Sprintf("the first PEM CERTIFICATE block is not a valid X.509 certificate: %v", err)}
			}
			return model.CertContent{Kind: model.CertPEM, NotAfter: cert.NotAfter, Subject: cert.Subject.String()}
		case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST":
			sawCSR = true
		}
	}
	if sawCSR {
		return model.CertContent{Kind: model.CertCSR}
	}
	if bytes.Contains(data, []byte("-----BEGIN")) {
		return model.CertContent{Kind: model.CertUnparseable, Err: "no valid PEM CERTIFICATE block found (a PEM block is malformed or of another type)"}
	}
	return model.CertContent{Kind: model.CertUnparseable, Err: "not a PEM file: no -----BEGIN CERTIFICATE----- block found"}
}

package lsp

import (
	"bytes"
	"context"
	"io"
	"testing"
)

// FuzzRead feeds arbitrary bytes to the message reader and to a server
// that was never initialized: neither may panic or loop, and a server
// given input that ends returns an error (the client did not exit).
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"Content-Length: 2\r\n\r\n{}",
		"Content-Length: 52\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}xxxxxxx",
		"Content-Length: -1\r\n\r\n",
		"Content-Length: 99999999999\r\n\r\n",
		"content-length: 4\r\nContent-Type: x\r\n\r\nnull",
		"Content-Length: 46\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"hover\"}\n\n\n",
		"\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := newConn(bytes.NewReader(data), io.Discard)
		for i := 0; i < 1000; i++ {
			if _, err := c.read(); err != nil {
				break
			}
		}
		err := New(Options{}).Serve(context.Background(), bytes.NewReader(data), io.Discard)
		if err == nil && !bytes.Contains(data, []byte("exit")) {
			t.Errorf("Serve returned nil without an exit message")
		}
	})
}

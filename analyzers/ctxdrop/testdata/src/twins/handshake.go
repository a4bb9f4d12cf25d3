package twins

import (
	"context"
	"crypto/tls"
	"net"
)

// HandshakeByHand runs the blocking handshake in a goroutine and waits on
// ctx.Done() itself, closing the connection on cancellation: the context
// is honoured, so the call of Handshake is not reported (grpc's
// credentials do this).
func HandshakeByHand(ctx context.Context, raw net.Conn, cfg *tls.Config) (*tls.Conn, error) {
	conn := tls.Client(raw, cfg)
	errc := make(chan error, 1)
	go func() {
		errc <- conn.Handshake()
		close(errc)
	}()
	select {
	case err := <-errc:
		if err != nil {
			conn.Close()
			return nil, err
		}
	case <-ctx.Done():
		conn.Close()
		return nil, ctx.Err()
	}
	return conn, nil
}

// HandshakeWaiting runs the same goroutine but only waits for its result:
// cancelling ctx does not stop the handshake.
func HandshakeWaiting(ctx context.Context, raw net.Conn, cfg *tls.Config) (*tls.Conn, error) {
	conn := tls.Client(raw, cfg)
	errc := make(chan error, 1)
	go func() {
		errc <- conn.Handshake() // want `conn.Handshake drops ctx, the caller's context; use conn.HandshakeContext\(ctx\)`
	}()
	if err := <-errc; err != nil {
		return nil, err
	}
	return conn, nil
}

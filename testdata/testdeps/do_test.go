package testdeps

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDo(t *testing.T) {
	require.NoError(t, Do(context.Background()))
}

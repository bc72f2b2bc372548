// Command zhuqi is the enterprise-service and business-environment platform
// (营商环境助企服务平台): one binary that serves, migrates, imports, exports
// and seeds a demo district. Run "zhuqi help" for its commands.
package main

import (
	"os"

	"github.com/zhuqi-gov/zhuqi/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

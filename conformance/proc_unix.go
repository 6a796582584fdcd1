//go:build unix

package conformance

import (
	"os/exec"
	"syscall"
)

// setProcessGroup puts the client in a process group of its own, so that killing it also ends
// what its shell started (go run's program, node, a browser).
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killProcessGroup kills the client's process group.
func killProcessGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

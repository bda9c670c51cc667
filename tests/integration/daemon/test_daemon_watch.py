"""`deskops run` applies a manifest change within seconds, without waiting for its interval (1h
here): an edited file, a new file, git-sync's atomic swap of its `current` symlink (with the
manifests in a folder under the link, as deploy/kubernetes/config.yaml has them, and at the link
itself), and a Kubernetes ConfigMap volume's `..data` swap. Each test first waits until the daemon
has settled (its next pass an hour away), so only the watcher can trigger the change."""
import os
import shutil
import unittest

import daemon_support as ds
from harness import wait_until

APPLY_TIMEOUT = 15  # seconds: debounce (0.3s) + one pass against the simulator, with CI headroom


class ManifestWatchTest(ds.DaemonTestCase):
    def run_daemon(self, path):
        d = self.start(path, "--interval", "1h", "--jitter-percent", "0")
        d.wait_quiet()
        self.assertEqual(ds.user(self.sim.state(), "alice")["description"], "Platform engineer")
        return d

    def assert_applied(self, d, description, passes_before):
        ok = wait_until(lambda: (ds.user(self.sim.state(), "alice") or {}).get("description")
                        == description, timeout=APPLY_TIMEOUT, step=0.2)
        self.assertTrue(ok, f"the change was not applied within {APPLY_TIMEOUT}s:\n"
                            f"{d.log_text()[-3000:]}")
        d.wait_pass(passes_before)  # the pass that applied it ends
        self.assertGreaterEqual(d.count("manifests changed; reconciling every kind now"), 1)

    def test_edited_and_added_files_are_applied_at_once(self):
        manifests = self.examples()
        d = self.run_daemon(manifests)
        changes = d.count("manifests changed; reconciling every kind now")
        passes = d.wait_quiet()
        ds.replace_in(os.path.join(manifests, "users.yaml"), "Platform engineer", "Platform lead")
        self.assert_applied(d, "Platform lead", passes)

        passes = d.wait_quiet()
        os.makedirs(os.path.join(manifests, "new-team"))
        with open(os.path.join(manifests, "new-team", "frank.yaml"), "w") as f:
            f.write("apiVersion: deskops.io/v1alpha1\nkind: User\nmetadata: {name: frank}\n"
                    "spec: {userEmail: frank@example.com}\n")
        self.assertTrue(wait_until(lambda: ds.user(self.sim.state(), "frank"), timeout=APPLY_TIMEOUT),
                        d.log_text()[-3000:])
        d.wait_pass(passes)
        self.assertGreater(d.count("manifests changed; reconciling every kind now"), changes)
        self.assertEqual(d.stop(), 0)

    def git_sync_tree(self):
        """root/.worktrees/rev1/deskops/*.yaml and root/current -> .worktrees/rev1, as git-sync
        --root=root --link=current lays out a clone."""
        root = os.path.join(self.workdir, "git")
        os.makedirs(os.path.join(root, ".worktrees"))
        ds.harness.copy_examples(ds.EXAMPLES, os.path.join(root, ".worktrees", "rev1", "deskops"))
        os.symlink(os.path.join(".worktrees", "rev1"), os.path.join(root, "current"))
        return root

    def git_sync_swap(self, root, old, new, description, remove_old):
        """What git-sync does on a new commit: a new worktree, a temporary symlink to it renamed
        over `current` (atomic), then the old worktree removed."""
        shutil.copytree(os.path.join(root, ".worktrees", old), os.path.join(root, ".worktrees", new),
                        symlinks=True)
        users = os.path.join(root, ".worktrees", new, "deskops", "users.yaml")
        with open(users) as f:
            text = f.read()
        with open(users, "w") as f:
            f.write(text.replace("description: Platform engineer", f"description: {description}")
                        .replace("description: Platform lead", f"description: {description}"))
        tmp = os.path.join(root, "tmp-link")
        os.symlink(os.path.join(".worktrees", new), tmp)
        os.replace(tmp, os.path.join(root, "current"))
        if remove_old:
            shutil.rmtree(os.path.join(root, ".worktrees", old))

    def test_git_sync_swap_with_manifests_in_a_folder_under_the_link(self):
        root = self.git_sync_tree()
        d = self.run_daemon(os.path.join(root, "current", "deskops"))
        passes = d.passes()
        # The old worktree stays (git-sync removes it later, or never with --stale-worktree-timeout).
        self.git_sync_swap(root, "rev1", "rev2", "Platform lead", remove_old=False)
        self.assert_applied(d, "Platform lead", passes)
        passes = d.wait_quiet()
        self.git_sync_swap(root, "rev2", "rev3", "Staff engineer", remove_old=True)
        self.assert_applied(d, "Staff engineer", passes)
        self.assertEqual(d.stop(), 0)

    def test_git_sync_swap_with_manifests_at_the_link(self):
        root = self.git_sync_tree()
        d = self.run_daemon(os.path.join(root, "current"))
        passes = d.passes()
        self.git_sync_swap(root, "rev1", "rev2", "Platform lead", remove_old=True)
        self.assert_applied(d, "Platform lead", passes)
        self.assertEqual(d.stop(), 0)

    def test_configmap_data_symlink_swap(self):
        """A ConfigMap volume: name.yaml -> ..data/name.yaml, ..data -> ..<timestamp>/; kubelet
        writes a new timestamped directory, renames a new ..data over the old one and removes the
        old directory."""
        volume = os.path.join(self.workdir, "configmap")
        ds.harness.copy_examples(ds.EXAMPLES, os.path.join(volume, "..2026_01_01_00_00_00.1"))
        os.symlink("..2026_01_01_00_00_00.1", os.path.join(volume, "..data"))
        for name in os.listdir(os.path.join(volume, "..data")):
            if name.endswith(".yaml"):
                os.symlink(os.path.join("..data", name), os.path.join(volume, name))
        d = self.run_daemon(volume)
        passes = d.passes()
        new = os.path.join(volume, "..2026_01_01_00_05_00.2")
        shutil.copytree(os.path.join(volume, "..2026_01_01_00_00_00.1"), new)
        ds.replace_in(os.path.join(new, "users.yaml"), "Platform engineer", "Platform lead")
        os.symlink("..2026_01_01_00_05_00.2", os.path.join(volume, "..data_tmp"))
        os.replace(os.path.join(volume, "..data_tmp"), os.path.join(volume, "..data"))
        shutil.rmtree(os.path.join(volume, "..2026_01_01_00_00_00.1"))
        self.assert_applied(d, "Platform lead", passes)
        self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    unittest.main()

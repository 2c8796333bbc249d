"""Tests of .ci/check-release-bundle: a small bundle made here (no Maven build), signed with a key generated for
the test, passes; each kind of damage a broken release has is reported.

Run: python3 -m unittest discover -s .ci -p 'test_*.py'   (needs gpg; a few seconds, mostly the key generation)
"""
import hashlib
import importlib.machinery
import importlib.util
import os
import shutil
import subprocess
import tempfile
import unittest
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
_loader = importlib.machinery.SourceFileLoader("check_release_bundle", os.path.join(HERE, "check-release-bundle"))
_spec = importlib.util.spec_from_loader(_loader.name, _loader)
crb = importlib.util.module_from_spec(_spec)
_loader.exec_module(crb)

VERSION = "1.2.3"
PARENT_POM = f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.vecnet</groupId>
  <artifactId>vecnet-parent</artifactId>
  <version>{VERSION}</version>
  <packaging>pom</packaging>
  <name>vecnet-parent</name>
  <description>The parent.</description>
  <url>https://vecnet.dev</url>
  <licenses><license><name>Apache-2.0</name><url>https://www.apache.org/licenses/LICENSE-2.0</url></license></licenses>
  <developers><developer><name>The vecnet maintainers</name></developer></developers>
  <scm><connection>scm:git:https://example.invalid/vecnet.git</connection><url>https://example.invalid/vecnet</url></scm>
</project>
"""
MODULE_POM = f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>dev.vecnet</groupId><artifactId>vecnet-parent</artifactId><version>{VERSION}</version></parent>
  <artifactId>vecnet</artifactId>
  <name>vecnet</name>
  <description>The library.</description>
</project>
"""


def gpg(home, *args):
    subprocess.run(["gpg", "--batch", "--no-tty", "--quiet", *args], check=True, env=dict(os.environ, GNUPGHOME=home),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class CheckReleaseBundleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="vecnet-bundle-test-")
        cls.gpg_home = os.path.join(cls.tmp, "gnupg")
        os.mkdir(cls.gpg_home, 0o700)
        # A throw-away signing key without passphrase (ed25519: generated in well under a second).
        gpg(cls.gpg_home, "--passphrase", "", "--quick-gen-key", "vecnet test <test@vecnet.invalid>",
            "ed25519", "sign", "never")
        cls.key_file = os.path.join(cls.tmp, "public.asc")
        gpg(cls.gpg_home, "--armor", "--output", cls.key_file, "--export")
        cls.good = os.path.join(cls.tmp, "good")
        cls.make_bundle(cls.good)

    @classmethod
    def tearDownClass(cls):
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=dict(os.environ, GNUPGHOME=cls.gpg_home),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def publish(cls, path, data):
        """Writes an artifact file with its signature and its four checksums, as the release build does."""
        with open(path, "wb") as f:
            f.write(data)
        cls.seal(path)

    @classmethod
    def seal(cls, path):
        """(Re)writes the signature and checksums of the file at path for its present content."""
        with open(path, "rb") as f:
            data = f.read()
        for suffix, algorithm in [(".md5", "md5"), (".sha1", "sha1"), (".sha256", "sha256"), (".sha512", "sha512")]:
            with open(path + suffix, "w") as f:
                f.write(hashlib.new(algorithm, data).hexdigest())
        if os.path.exists(path + ".asc"):
            os.remove(path + ".asc")
        gpg(cls.gpg_home, "--armor", "--detach-sign", "--output", path + ".asc", path)

    @classmethod
    def make_bundle(cls, root):
        parent = os.path.join(root, "dev", "vecnet", "vecnet-parent", VERSION)
        module = os.path.join(root, "dev", "vecnet", "vecnet", VERSION)
        os.makedirs(parent)
        os.makedirs(module)
        cls.publish(os.path.join(parent, f"vecnet-parent-{VERSION}.pom"), PARENT_POM.encode())
        stem = os.path.join(module, f"vecnet-{VERSION}")
        cls.publish(stem + ".pom", MODULE_POM.encode())
        for suffix, entry in [(".jar", "dev/vecnet/A.class"), ("-sources.jar", "dev/vecnet/A.java"),
                              ("-javadoc.jar", "index.html")]:
            with zipfile.ZipFile(stem + suffix, "w") as z:
                z.writestr(entry, "content")
            cls.seal(stem + suffix)
        cls.publish(stem + "-cyclonedx.json", b'{"bomFormat": "CycloneDX"}')

    def copy(self):
        """A fresh copy of the good bundle for one test to damage."""
        root = tempfile.mkdtemp(dir=self.tmp)
        shutil.rmtree(root)
        shutil.copytree(self.good, root)
        return root, os.path.join(root, "dev", "vecnet", "vecnet", VERSION, f"vecnet-{VERSION}")

    def problems(self, root):
        return crb.check(root, ["vecnet-parent", "vecnet"], self.key_file)

    def assertOneProblem(self, root, fragment):
        problems = self.problems(root)
        self.assertEqual(1, len(problems), problems)
        self.assertIn(fragment, problems[0])

    def test_good_bundle_passes(self):
        self.assertEqual([], self.problems(self.good))

    def test_missing_file(self):
        root, stem = self.copy()
        for suffix in ("", ".asc", ".md5", ".sha1", ".sha256", ".sha512"):
            os.remove(stem + "-javadoc.jar" + suffix)
        self.assertOneProblem(root, f"missing vecnet-{VERSION}-javadoc.jar")

    def test_missing_signature(self):
        root, stem = self.copy()
        os.remove(stem + "-sources.jar.asc")
        self.assertOneProblem(root, "missing signature")

    def test_missing_checksum(self):
        root, stem = self.copy()
        os.remove(stem + ".jar.sha1")
        self.assertOneProblem(root, "missing checksum")

    def test_missing_pom_element(self):
        # Removed from the parent, which the module inherits it from; re-signed, so only the element is wrong.
        root, _ = self.copy()
        parent_pom = os.path.join(root, "dev", "vecnet", "vecnet-parent", VERSION, f"vecnet-parent-{VERSION}.pom")
        with open(parent_pom, "w") as f:
            f.write(PARENT_POM.replace("<url>https://vecnet.dev</url>", ""))
        self.seal(parent_pom)
        problems = self.problems(root)
        self.assertEqual(2, len(problems), problems)  # the parent's own POM and the module's inherited one
        self.assertTrue(all("<url>" in p for p in problems), problems)

    def test_missing_own_description(self):
        root, stem = self.copy()
        with open(stem + ".pom", "w") as f:
            f.write(MODULE_POM.replace("<description>The library.</description>", ""))
        self.seal(stem + ".pom")
        self.assertOneProblem(root, "<description>")

    def test_checksum_mismatch(self):
        root, stem = self.copy()
        with open(stem + ".jar.sha1", "w") as f:
            f.write("0" * 40)
        self.assertOneProblem(root, "sha1 checksum does not match")

    def test_edited_byte_under_signature(self):
        # One byte of the jar changed and its checksums rewritten: only the signature can tell.
        root, stem = self.copy()
        with open(stem + ".jar", "r+b") as f:
            data = bytearray(f.read())
            data[-1] ^= 0x01
            f.seek(0)
            f.write(data)
        for suffix, algorithm in [(".md5", "md5"), (".sha1", "sha1"), (".sha256", "sha256"), (".sha512", "sha512")]:
            with open(stem + ".jar" + suffix, "w") as f:
                f.write(hashlib.new(algorithm, bytes(data)).hexdigest())
        self.assertOneProblem(root, "signature does not verify (BADSIG)")

    def test_signature_by_another_key(self):
        root, stem = self.copy()
        other = os.path.join(self.tmp, "other-gnupg")
        os.mkdir(other, 0o700)
        try:
            gpg(other, "--passphrase", "", "--quick-gen-key", "someone else <other@vecnet.invalid>",
                "ed25519", "sign", "never")
            os.remove(stem + ".pom.asc")
            gpg(other, "--armor", "--detach-sign", "--output", stem + ".pom.asc", stem + ".pom")
        finally:
            subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=dict(os.environ, GNUPGHOME=other),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.assertOneProblem(root, "signature does not verify")


if __name__ == "__main__":
    unittest.main()

"""``cluster.yaml`` (scripts/cluster/config.py): a mistake is named by its
key before anything starts."""

from pathlib import Path
from scripts.cluster.config import Cluster
from scripts.cluster.config import ClusterConfigError

import tempfile
import unittest
import unittest.mock


class TestClusterConfig(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.root = Path(tmp.name)
        (self.root / "instance.yaml").write_text(
            "default_context:\n  initial_user_password: rahasia-123\n  wsgi_listen: localhost:8180\n"
        )

    def cluster(self, text):
        (self.root / "cluster.yaml").write_text(text)
        return Cluster(self.root / "instance.yaml", self.root / "cluster.yaml")

    def refused(self, text):
        with self.assertRaises(ClusterConfigError) as caught:
            self.cluster(text)
        return caught.exception.key

    def test_defaults(self):
        cluster = self.cluster("")
        self.assertEqual(cluster.options["instances"], 2)
        self.assertEqual(cluster.front, ("127.0.0.1", 8180))  # instance.yaml's wsgi_listen
        self.assertEqual(cluster.public_url(), "http://localhost:8180/ptsp")

    def test_instance_threads(self):
        """Each instance's threads come from cluster.yaml (one by default),
        in its zope.ini and as HAProxy's maxconn per instance."""
        from scripts.cluster import render

        cluster = self.cluster("")
        self.assertEqual(cluster.options["instance_threads"], 1)
        cluster = self.cluster("instance_threads: 2\ndirectory: c\n")
        context = render.instance_context(cluster, 0, 8091)
        self.assertEqual(context["wsgi_threads"], 2)
        with unittest.mock.patch.object(render, "_write", lambda cluster, name, text: text):
            config = render.haproxy(cluster)
        self.assertRegex(config, r"(?m)^\s*default-server .* maxconn 2 .*on-error mark-down$")

    def test_unknown_key(self):
        self.assertEqual(self.refused("instance_count: 3\n"), "instance_count")

    def test_blob_cache_too_small(self):
        """Smaller than instance.yaml's smallest blob cache: refused here,
        naming cluster.yaml's key (not instance.yaml's, where it is not)."""
        self.assertEqual(self.refused("blob_cache_size: 67108864\n"), "blob_cache_size")
        self.assertEqual(self.cluster("blob_cache_size: 104857600\n").options["blob_cache_size"], 104857600)

    def test_whole_numbers(self):
        self.assertEqual(self.refused("instances: 0\n"), "instances")
        self.assertEqual(self.refused("instance_threads: 0\n"), "instance_threads")
        self.assertEqual(self.refused("instances: dua\n"), "instances")

using System;
using System.IO;
using PrefectOps.Sandbox.Contract;
using Xunit;

namespace PrefectOps.Tests.Contract
{
    public class SharedApiDocsTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "prefectops-shared-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        }

        [Fact]
        public void FindsTheRealFolderFromTheBuildOutput()
        {
            Assert.True(File.Exists(SharedApiDocs.OpenApiDocumentPath(2)));
            Assert.True(File.Exists(SharedApiDocs.OpenApiDocumentPath(3)));
            Assert.True(File.Exists(SharedApiDocs.RecordedExchangesPath(2)));
        }

        [Fact]
        public void WalksUpToTheFirstAncestorWithSharedPrefectApi()
        {
            var shared = Directory.CreateDirectory(Path.Combine(_root, "shared", "prefect-api")).FullName;
            var deep = Directory.CreateDirectory(Path.Combine(_root, "repo", "tests", "bin", "Debug")).FullName;
            Assert.Equal(shared, SharedApiDocs.Locate(deep, null));
            Assert.Equal(shared, SharedApiDocs.Locate(_root, null)); // the start directory itself counts
        }

        [Fact]
        public void OverrideWins()
        {
            var elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
            Assert.Equal(elsewhere, SharedApiDocs.Locate(Path.GetTempPath(), elsewhere));
        }

        [Fact]
        public void MissingOverrideIsAnErrorNamingIt()
        {
            var missing = Path.Combine(_root, "missing");
            var e = Assert.Throws<DirectoryNotFoundException>(() => SharedApiDocs.Locate(Path.GetTempPath(), missing));
            Assert.Contains(SharedApiDocs.EnvironmentVariable, e.Message);
            Assert.Contains(missing, e.Message);
        }

        [Fact]
        public void NotFoundNamesEveryPlaceItLooked()
        {
            var deep = Directory.CreateDirectory(Path.Combine(_root, "a", "b")).FullName;
            var e = Assert.Throws<DirectoryNotFoundException>(() => SharedApiDocs.Locate(deep, null));
            Assert.Contains(Path.Combine(deep, "shared", "prefect-api"), e.Message);
            Assert.Contains(Path.Combine(_root, "shared", "prefect-api"), e.Message);
            Assert.Contains(SharedApiDocs.EnvironmentVariable, e.Message);
        }
    }
}

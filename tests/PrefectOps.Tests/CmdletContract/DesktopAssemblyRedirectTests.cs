using System;
using System.IO;
using System.Reflection;
using PrefectOps.Core.Loading;
using Xunit;

namespace PrefectOps.Tests.CmdletContract
{
    /// <summary>
    /// The binding redirect Windows PowerShell 5.1 gets from the module (see DesktopAssemblyRedirect), against the
    /// dlls the package ships. Its AssemblyResolve handler itself runs only on .NET Framework, which is not here.
    /// </summary>
    public class DesktopAssemblyRedirectTests
    {
        private static readonly string Folder = Path.GetDirectoryName(RepoPaths.CmdletDll)!;
        private static readonly DesktopAssemblyRedirect Redirect = new DesktopAssemblyRedirect(Folder);

        private static AssemblyName Request(string fullName) => new AssemblyName(fullName);

        [Fact]
        public void AnswersAnOlderVersionOfAShippedDllWithTheShippedOne()
        {
            // What System.Collections.Immutable 9 asks for; System.Memory 4.0.2.0 ships.
            string? path = Redirect.Find(Request("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"));
            Assert.Equal(Path.Combine(Folder, "System.Memory.dll"), path);
        }

        [Fact]
        public void AnswersTheShippedVersionItself()
        {
            Assert.NotNull(Redirect.Find(Request("System.Memory, Version=4.0.2.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")));
        }

        [Theory]
        [InlineData("System.Memory, Version=4.0.9.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]   // newer than shipped
        [InlineData("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=0123456789abcdef")]   // someone else's key
        [InlineData("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=null")]               // unsigned, ours is signed
        [InlineData("System.Data.SqlClient, Version=4.6.1.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a")] // not shipped
        [InlineData("PrefectOps.resources, Version=0.1.0.0, Culture=de-DE, PublicKeyToken=null")]          // a satellite
        public void LeavesEverythingElseToTheLoader(string request)
        {
            Assert.Null(Redirect.Find(Request(request)));
        }

        [Fact]
        public void IsNotInstalledOnDotNet()
        {
            // PowerShell 7's load contexts take the newer version themselves; a handler there would only get in the way.
            Assert.False(DesktopAssemblyRedirect.IsNetFramework);
            Assert.False(DesktopAssemblyRedirect.Install(Folder));
        }
    }
}

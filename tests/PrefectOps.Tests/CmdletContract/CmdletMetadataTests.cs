using System;
using System.Linq;
using Xunit;

namespace PrefectOps.Tests.CmdletContract
{
    /// <summary>
    /// The reader itself, against facts of the built module that are plain in the source: if these break, the contract
    /// rules could pass for the wrong reason (reading nothing).
    /// </summary>
    public class CmdletMetadataTests
    {
        private static CmdletMetadata Module => CmdletMetadata.Module;

        [Fact]
        public void FindsTheCmdletClassesAndOnlyThem()
        {
            var names = Module.Cmdlets.Select(c => c.Name).ToList();
            Assert.Contains("Get-Flow", names);
            Assert.Contains("Disable-FlowByTag", names);
            Assert.Contains("Connect-Prefect", names);
            Assert.DoesNotContain(Module.Cmdlets, c => c.Type.Name == "MaintenanceCommandBase" || c.Type.Name == "PrefectCmdlet");
            Assert.Equal("PrefectOps.Commands.GetFlowCommand", Module["Get-Flow"].Type.FullName);
        }

        [Fact]
        public void ReadsTheCmdletAttribute()
        {
            var disable = Module["Disable-FlowByTag"];
            Assert.Equal("Disable", disable.Verb);
            Assert.Equal("FlowByTag", disable.Noun);
            Assert.True(disable.SupportsShouldProcess);
            Assert.Equal(ConfirmImpactLevel.High, disable.ConfirmImpact);
            Assert.Equal("ByTag", disable.DefaultParameterSetName);

            var get = Module["Get-Flow"];
            Assert.False(get.SupportsShouldProcess);
            Assert.Equal(ConfirmImpactLevel.Medium, get.ConfirmImpact); // the attribute's default when left out
            Assert.Equal("Query", get.DefaultParameterSetName);
            Assert.Null(Module["Get-FlowTag"].DefaultParameterSetName);
        }

        [Fact]
        public void ReadsOutputTypesByName()
        {
            Assert.Equal(new[] { "PrefectOps.Flow" }, Module["Get-Flow"].OutputTypes.Select(o => o.Name));
            Assert.Equal(new[] { "System.Void" }, Module["Disconnect-Prefect"].OutputTypes.Select(o => o.Name));
            var connection = Assert.Single(Module["Connect-Prefect"].OutputTypes);
            Assert.Equal("PrefectOps.Core.Connection.PrefectConnection", connection.Name);
            Assert.NotNull(connection.Type);
        }

        [Fact]
        public void ReadsParameterDeclarationsPerSet()
        {
            var get = Module["Get-Flow"];
            Assert.Equal(new[] { "Id", "Query" }, get.ParameterSets);
            var name = get.Parameter("Name")!;
            var declaration = Assert.Single(name.Declarations);
            Assert.Equal("Query", declaration.ParameterSetName);
            Assert.Equal(0, declaration.Position);
            Assert.False(declaration.Mandatory);
            Assert.True(name.SupportsWildcards);
            Assert.Equal("System.String[]", name.Type.FullName);
            Assert.Equal("System.String", name.ElementType.FullName);

            var id = get.Parameter("Id")!;
            Assert.True(id.Declarations.Single().Mandatory);
            Assert.True(id.Declarations.Single().ValueFromPipelineByPropertyName);
            Assert.Null(id.Declarations.Single().Position);

            var marker = get.Parameter("Marker")!;
            Assert.Equal(CmdletMetadata.AllParameterSets, marker.Declarations.Single().ParameterSetName);
            Assert.True(marker.IsIn("Id") && marker.IsIn("Query"));
            Assert.Contains(get.InSet("Id"), p => p.Parameter.Name == "Marker");
            Assert.DoesNotContain(get.InSet("Id"), p => p.Parameter.Name == "Name");
        }

        [Fact]
        public void ReadsInheritedParametersOfTheBaseClass()
        {
            var enable = Module["Enable-FlowByTag"];
            var tag = enable.Parameter("Tag")!;
            Assert.Equal("FlowSetCommandBase", tag.DeclaringType.Name);
            Assert.Equal("PrefectOps.Completion.TagCompleter", tag.ArgumentCompleter?.FullName);
            Assert.False(tag.SupportsWildcards);
            var input = enable.Parameter("InputObject")!;
            Assert.True(input.Declarations.Single().ValueFromPipeline);
            Assert.Equal("PrefectOps.Flow", input.ElementType.FullName);
            Assert.Equal(new[] { "ById", "ByInputObject", "ByTag", "Expired" }, enable.ParameterSets);
            Assert.True(enable.Parameter("Expired")!.Declarations.Single().Mandatory);
        }

        [Fact]
        public void ReadsAliasesAndValidation()
        {
            var connect = Module["Connect-Prefect"];
            Assert.Equal(new[] { "Url" }, connect.Parameter("ApiUrl")!.Aliases);
            var range = Assert.Single(connect.Parameter("TimeoutSeconds")!.Validations);
            Assert.Equal("ValidateRange", range.Name);
            Assert.Equal(new object?[] { 1, 3600 }, range.Arguments);
            Assert.Equal("ValidateNotNullOrEmpty", Assert.Single(Module["Disable-FlowByTag"].Parameter("Reason")!.Validations).Name);
            Assert.Equal("System.Management.Automation.SwitchParameter", connect.Parameter("PassThru")!.Type.FullName);
            Assert.Equal("System.Nullable`1", Module["Disable-FlowByTag"].Parameter("Until")!.Type.GetGenericTypeDefinition().FullName);
            Assert.Equal("System.DateTime", Module["Disable-FlowByTag"].Parameter("Until")!.ElementType.FullName);
        }

        [Fact]
        public void FindsTypesInReferencedAssemblies()
        {
            Assert.NotNull(Module.FindType("PrefectOps.FlowTag"));
            Assert.NotNull(Module.FindType("System.Management.Automation.SwitchParameter"));
            Assert.Null(Module.FindType("PrefectOps.NoSuchType"));
        }

        [Fact]
        public void UsesTheConfigurationOfThisTestAssembly()
        {
            Assert.Contains($"/bin/{RepoPaths.Configuration}/netstandard2.0/", RepoPaths.CmdletDll.Replace('\\', '/'));
            Assert.EndsWith("System.Management.Automation.dll", RepoPaths.PowerShellStandardReference);
        }

        [Fact]
        public void ByValueOverlapDetection()
        {
            var flow = Module.FindType("PrefectOps.Flow")!;
            var str = Module.FindType("System.String")!;
            var obj = Module.FindType("System.Object")!;
            Assert.False(CmdletContractTests.BindTheSameObject(flow, str));
            Assert.True(CmdletContractTests.BindTheSameObject(flow, flow));
            Assert.True(CmdletContractTests.BindTheSameObject(obj, str));
        }
    }
}

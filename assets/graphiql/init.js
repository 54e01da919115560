// Starts GraphiQL against this server's /graphql. Everything the page loads comes from this server.
(function () {
  var fetcher = GraphiQL.createFetcher({ url: "/graphql" });
  var example = [
    "# Welcome to Townhall's GraphQL explorer. Press the play button (or Ctrl-Enter) to run a query;",
    "# the Docs button shows every type and field.",
    "{",
    "  councils {",
    "    slug",
    "    name",
    "  }",
    "}",
    "",
  ].join("\n");
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: example,
      defaultEditorToolsVisibility: true,
      shouldPersistHeaders: false,
    })
  );
})();

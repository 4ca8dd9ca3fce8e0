"""The GraphQL documents the Projects (v2) adapter sends; each is checked against GitHub's schema in the tests."""

from __future__ import annotations

from gql import gql

# An owner is an organization or a user; repositoryOwner answers for both without an error for the other kind.
PROJECT = gql("""
query ProjectFields($owner: String!, $number: Int!, $after: String) {
  repositoryOwner(login: $owner) {
    __typename
    ... on ProjectV2Owner {
      projectV2(number: $number) {
        id
        title
        url
        fields(first: 100, after: $after) {
          pageInfo { hasNextPage endCursor }
          nodes {
            __typename
            ... on ProjectV2FieldCommon { id name dataType }
            ... on ProjectV2SingleSelectField { options { id name color description } }
          }
        }
      }
    }
  }
}
""")

ISSUE_ITEMS = gql("""
query IssueItems($id: ID!) {
  node(id: $id) {
    ... on Issue {
      projectItems(first: 100) {
        nodes {
          id
          project { id }
          fieldValues(first: 100) {
            nodes {
              __typename
              ... on ProjectV2ItemFieldNumberValue { number field { ... on ProjectV2FieldCommon { id } } }
              ... on ProjectV2ItemFieldSingleSelectValue { optionId field { ... on ProjectV2FieldCommon { id } } }
              ... on ProjectV2ItemFieldDateValue { date field { ... on ProjectV2FieldCommon { id } } }
            }
          }
        }
      }
    }
  }
}
""")

ADD_ITEM = gql("""
mutation AddItem($project: ID!, $content: ID!) {
  addProjectV2ItemById(input: {projectId: $project, contentId: $content}) { item { id } }
}
""")

SET_VALUE = gql("""
mutation SetValue($project: ID!, $item: ID!, $field: ID!, $value: ProjectV2FieldValue!) {
  updateProjectV2ItemFieldValue(input: {projectId: $project, itemId: $item, fieldId: $field, value: $value}) {
    projectV2Item { id }
  }
}
""")

CLEAR_VALUE = gql("""
mutation ClearValue($project: ID!, $item: ID!, $field: ID!) {
  clearProjectV2ItemFieldValue(input: {projectId: $project, itemId: $item, fieldId: $field}) {
    projectV2Item { id }
  }
}
""")

CREATE_FIELD = gql("""
mutation CreateField(
  $project: ID!, $name: String!, $type: ProjectV2CustomFieldType!, $options: [ProjectV2SingleSelectFieldOptionInput!]
) {
  createProjectV2Field(input: {projectId: $project, dataType: $type, name: $name, singleSelectOptions: $options}) {
    projectV2Field { ... on ProjectV2FieldCommon { id name } }
  }
}
""")

# updateProjectV2Field replaces the whole option list: the caller sends every option it wants to keep.
SET_OPTIONS = gql("""
mutation SetOptions($field: ID!, $options: [ProjectV2SingleSelectFieldOptionInput!]!) {
  updateProjectV2Field(input: {fieldId: $field, singleSelectOptions: $options}) {
    projectV2Field { ... on ProjectV2FieldCommon { id } }
  }
}
""")

ALL = {
    "PROJECT": PROJECT, "ISSUE_ITEMS": ISSUE_ITEMS, "ADD_ITEM": ADD_ITEM, "SET_VALUE": SET_VALUE,
    "CLEAR_VALUE": CLEAR_VALUE, "CREATE_FIELD": CREATE_FIELD, "SET_OPTIONS": SET_OPTIONS,
}

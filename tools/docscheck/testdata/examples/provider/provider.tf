provider "x" {}

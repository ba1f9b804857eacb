"""Prompt templates for the LLM answerers, one file per message (installed as the package rag.prompts)."""
